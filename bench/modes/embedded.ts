// The embedded mode: each data set is produced once into a template data directory (the SQLite
// log); each workload runs on a fresh copy of it, in a child process (query-probe) so the CPU time
// and peak RSS it reports are the query's alone.

import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../src/engine/engine.js';
import type { Dataset, DatasetName } from '../datasets.js';
import { produceBatch } from '../packed-records.js';
import type { Workload } from '../workloads.js';
import type { BenchMode, QueryOutcome, QueryRun } from './mode.js';

const PRODUCE_BATCH = 1000;
const PROBE = fileURLToPath(new URL('../query-probe.js', import.meta.url));

export class EmbeddedMode implements BenchMode {
  readonly name = 'embedded' as const;
  private readonly root = mkdtempSync(join(tmpdir(), 'ksqlite-bench-'));
  private readonly templates = new Map<DatasetName, string>();
  private runs = 0;

  async load(dataset: Dataset): Promise<void> {
    const dir = join(this.root, `template-${dataset.name}`);
    const engine = new Engine({ dataDir: dir, processingLogStream: false });
    try {
      await engine.execute(dataset.ddl);
      for (const { topic, records } of dataset.topics) {
        for (let i = 0; i < records.count; i += PRODUCE_BATCH) {
          engine.log.produce(topic, produceBatch(records, i, Math.min(records.count, i + PRODUCE_BATCH)));
        }
      }
    } finally {
      await engine.close();
    }
    this.templates.set(dataset.name, dir);
  }

  async run(workload: Workload, dataset: Dataset): Promise<QueryOutcome> {
    const template = this.templates.get(dataset.name);
    if (template === undefined) throw new Error(`data set ${dataset.name} was not loaded`);
    const dir = join(this.root, `run-${++this.runs}`);
    cpSync(template, dir, { recursive: true });
    try {
      const outcome = await probe(dir, workload.statement);
      if (outcome.status === 'ok' && outcome.run.recordsIn !== dataset.input.count)
        return { status: 'failed', reason: `the query read ${outcome.run.recordsIn} of ${dataset.input.count} records` };
      return outcome;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** What query-probe prints on its one line of stdout. */
export type ProbeReport = ({ status: 'ok' } & QueryRun) | { status: 'unsupported' | 'failed'; reason: string };

function probe(dir: string, statement: string): Promise<QueryOutcome> {
  return new Promise((resolve, reject) => {
    // KSQLITE_BENCH_PROBE_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the query process.
    const nodeArgs = process.env['KSQLITE_BENCH_PROBE_NODE_ARGS']?.split(' ').filter((a) => a !== '') ?? [];
    const child = spawn(process.execPath, [...nodeArgs, PROBE, dir, statement], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) {
        const tail = err.trim().split('\n').slice(-5).join(' | ');
        resolve({ status: 'failed', reason: `query process exited with ${signal ?? `code ${code}`}: ${tail}` });
        return;
      }
      const report = JSON.parse(out) as ProbeReport;
      if (report.status === 'ok') {
        const { status: _, ...run } = report;
        resolve({ status: 'ok', run });
      } else resolve(report);
    });
  });
}
