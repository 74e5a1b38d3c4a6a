// `npm run bench`: measures ksqlite's workloads next to the floor (bare JSON decode+encode of the
// same records in the same run) and reports records/s, the ratio, CPU seconds and peak RSS.
// Options: --quick (fewer records), --records N, --json FILE.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../src/engine/engine.js';

interface Result {
  workload: string;
  mode: 'embedded' | 'kafka';
  recordsPerSec: number;
  floorRecordsPerSec: number;
  ratioToFloor: number;
  cpuSeconds: number;
  peakRssMb: number;
  peer: null;
  extra?: Record<string, number>;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const recordsArg = args.indexOf('--records');
const N = recordsArg >= 0 ? Number(args[recordsArg + 1]) : quick ? 200_000 : 1_000_000;
const jsonArg = args.indexOf('--json');
const jsonFile = jsonArg >= 0 ? args[jsonArg + 1] : undefined;

const ITEMS = ['pen', 'ink', 'cup', 'hat', 'map', 'box', 'bag', 'key'];
function record(i: number): { key: Buffer; value: Buffer } {
  const v = {
    ORDER_ID: i,
    CUSTOMER: `customer-${i % 10_000}`,
    ITEM: ITEMS[i % ITEMS.length],
    QTY: (i * 7) % 13,
    PRICE: ((i * 31) % 1000) / 10,
    CREATED_AT: 1_700_000_000_000 + i,
    NOTE: 'express delivery requested',
  };
  return { key: Buffer.from(`customer-${i % 10_000}`), value: Buffer.from(JSON.stringify(v)) };
}

function progress(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

/** The floor: decode and re-encode each record's value with JSON.parse/JSON.stringify. */
function floor(values: readonly Buffer[]): number {
  const t0 = performance.now();
  let sink = 0;
  for (const v of values) {
    const o = JSON.parse(v.toString('utf8')) as Record<string, unknown>;
    sink += Buffer.from(JSON.stringify(o)).length;
  }
  const secs = (performance.now() - t0) / 1000;
  if (sink < 0) throw new Error('unreachable');
  return values.length / secs;
}

interface QueryRun {
  rate: number;
  cpuSeconds: number;
  peakRssMb: number;
  recordsOut: number;
}

/** Writes N order records to a fresh data directory, then runs `statement` over them in a child process. */
async function runQuery(dir: string, statement: string): Promise<QueryRun> {
  const engine = new Engine({ dataDir: dir, processingLogStream: false });
  await engine.execute(`CREATE STREAM orders (CUSTOMER_KEY STRING KEY, ORDER_ID BIGINT, CUSTOMER STRING, ITEM STRING, QTY INT, PRICE DOUBLE, CREATED_AT BIGINT, NOTE STRING)
    WITH (KAFKA_TOPIC='orders', PARTITIONS=1, VALUE_FORMAT='JSON');`);
  progress(`  producing ${N} records to the embedded log`);
  const batch = 1000;
  for (let i = 0; i < N; i += batch) {
    const records = [];
    for (let j = i; j < Math.min(N, i + batch); j++) records.push({ ...record(j), timestamp: 1_700_000_000_000 + j });
    engine.log.produce('orders', records);
  }
  await engine.close();
  progress('  running the query in its own process');
  const here = dirname(fileURLToPath(import.meta.url));
  const out = execFileSync(process.execPath, [join(here, 'query-probe.js'), dir, String(N), statement], { encoding: 'utf8' });
  return JSON.parse(out) as QueryRun;
}

function startupMs(): number {
  const here = dirname(fileURLToPath(import.meta.url));
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const out = execFileSync(process.execPath, [join(here, 'startup-probe.js')], { encoding: 'utf8' });
    runs.push((JSON.parse(out) as { readyMs: number }).readyMs);
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)]!;
}

async function main(): Promise<void> {
  const results: Result[] = [];
  progress(`ksqlite bench: ${N} records${quick ? ' (quick)' : ''}`);
  const values: Buffer[] = [];
  for (let i = 0; i < N; i++) values.push(record(i).value);
  progress('floor: JSON.parse + JSON.stringify');
  floor(values.slice(0, Math.min(N, 50_000)));
  // The best of three runs: a conservative (high) floor on a machine that may be busy.
  const floorRate = Math.max(floor(values), floor(values), floor(values));
  values.length = 0;

  progress('workload: filter-project (embedded)');
  const dir = mkdtempSync(join(tmpdir(), 'ksqlite-bench-'));
  try {
    const fp = await runQuery(dir, 'CREATE STREAM big_orders AS SELECT CUSTOMER_KEY, ORDER_ID, ITEM, QTY * PRICE AS TOTAL FROM orders WHERE QTY > 3;');
    results.push({
      workload: 'filter-project',
      mode: 'embedded',
      recordsPerSec: Math.round(fp.rate),
      floorRecordsPerSec: Math.round(floorRate),
      ratioToFloor: Number((fp.rate / floorRate).toFixed(3)),
      cpuSeconds: Number(fp.cpuSeconds.toFixed(2)),
      peakRssMb: fp.peakRssMb,
      peer: null,
      extra: { recordsOut: fp.recordsOut },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  progress('startup: time until the embedded engine answers a statement');
  const ready = startupMs();

  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
  process.stdout.write(`\nmachine: ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}\n`);
  process.stdout.write(`floor (JSON.parse + JSON.stringify): ${Math.round(floorRate).toLocaleString('en-US')} records/s\n`);
  for (const r of results)
    process.stdout.write(
      `${r.workload} [${r.mode}]: ${r.recordsPerSec.toLocaleString('en-US')} records/s, ${(r.ratioToFloor * 100).toFixed(1)}% of floor, cpu ${r.cpuSeconds}s, peak RSS ${r.peakRssMb} MB\n`,
    );
  process.stdout.write(`startup: engine ready ${ready.toFixed(0)} ms after process start (median of 5)\n`);
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ machine, results, startupMs: Math.round(ready) }, null, 2));
}

await main();
