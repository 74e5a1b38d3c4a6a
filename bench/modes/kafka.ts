// The Kafka mode: each data set is produced once into topics of this run (unique names) on the
// broker; each workload runs in a child process (kafka-probe) with a service id of its own until its
// consumer groups committed every input record, and then, on the same topics, the Kafka Streams peer.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KafkaLog } from '../../src/log/kafka/index.js';
import type { Dataset } from '../datasets.js';
import { produceBatch } from '../packed-records.js';
import type { PackedRecords } from '../packed-records.js';
import { PackedBuilder } from '../packed-records.js';
import { KafkaStreamsPeer } from '../peers/kafka-streams.js';
import type { Workload } from '../workloads.js';
import type { KafkaProbeReport, KafkaProbeSpec, RestoreEntry } from './kafka-spec.js';
import type { BenchMode, QueryOutcome } from './mode.js';

export const DEFAULT_BROKERS = '127.0.0.1:9092';
const PRODUCE_BATCH = 5000;
const PRODUCE_IN_FLIGHT = 4;
const PROBE = fileURLToPath(new URL('../kafka-probe.js', import.meta.url));
// A query that stalls fails its row after this instead of holding up the whole run.
const QUERY_TIMEOUT_MS = 180_000;

/** True when something accepts TCP connections at host:port within `timeoutMs`. */
export function brokerAnswers(brokers: string, timeoutMs = 1000): Promise<boolean> {
  const [host, port] = brokers.split(',')[0]!.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host: host ?? '127.0.0.1', port: Number(port ?? 9092) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The data set's DDL pointed at this run's topic names. */
export function renameTopics(ddl: string, rename: (topic: string) => string): string {
  return ddl.replace(/KAFKA_TOPIC='([^']*)'/g, (_m, t: string) => `KAFKA_TOPIC='${rename(t)}'`);
}

export interface RestoreTiming {
  readonly keys: number;
  /** The first run of the CTAS that built the table. */
  readonly buildSeconds: number;
  /** The same data directory reopened: the local store is up to date with the changelog. */
  readonly local: RestoreEntry | null;
  /** A new data directory: every key replayed from the changelog. */
  readonly changelog: RestoreEntry | null;
  readonly error?: string;
}

export class KafkaMode implements BenchMode {
  readonly name = 'kafka' as const;
  private readonly runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  private readonly root = mkdtempSync(join(tmpdir(), 'ksqlite-bench-kafka-'));
  private readonly log: KafkaLog;
  private connected: Promise<void> | undefined;
  private runs = 0;
  private readonly peer: KafkaStreamsPeer;

  constructor(
    readonly brokers: string,
    private readonly progress: (msg: string) => void,
  ) {
    this.log = new KafkaLog({ brokers, clientId: 'ksqlite-bench', logLevel: 'error' });
    this.peer = new KafkaStreamsPeer(brokers, this.root, progress);
  }

  topic(name: string): string {
    return `bench-${this.runId}-${name}`;
  }

  async load(dataset: Dataset): Promise<void> {
    await (this.connected ??= this.log.connect());
    for (const { topic, records } of dataset.topics) await this.produceAll(this.topic(topic), records);
  }

  private async produceAll(topic: string, records: PackedRecords): Promise<void> {
    await this.log.createTopic(topic, { partitions: 1 });
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < records.count) {
        const from = next;
        next = Math.min(records.count, next + PRODUCE_BATCH);
        await this.log.produce(topic, produceBatch(records, from, next));
      }
    };
    // Several batches in flight; one partition, so order within a batch is kept and that is enough
    // for the stateless workloads and the counts (their results do not depend on batch order).
    await Promise.all(Array.from({ length: PRODUCE_IN_FLIGHT }, worker));
  }

  async run(workload: Workload, dataset: Dataset): Promise<QueryOutcome> {
    const n = ++this.runs;
    const input = this.topic(dataset.inputTopic);
    const report = await probe({
      brokers: this.brokers,
      serviceId: `bench_${this.runId}_${n}_`,
      dataDir: join(this.root, `run-${n}`),
      ddl: renameTopics(dataset.ddl, (t) => this.topic(t)),
      statement: workload.statement,
      inputTopic: input,
      timeoutMs: QUERY_TIMEOUT_MS,
    });
    rmSync(join(this.root, `run-${n}`), { recursive: true, force: true });
    if (report.status !== 'ok') return report;
    if (report.recordsIn !== dataset.input.count)
      return { status: 'failed', reason: `the query read ${report.recordsIn} of ${dataset.input.count} records` };
    const { status: _s, restores: _r, ...run } = report;
    const output = this.topic(`peer-${n}-out`);
    await this.log.createTopic(output, { partitions: 1 });
    const peer = await this.peer.run(workload.name, input, output, `bench-${this.runId}-peer-${n}`);
    if (peer.status === 'failed') this.progress(`  peer FAILED: ${peer.reason}`);
    return { status: 'ok', run: { ...run, peer: peer.status === 'ok' ? { name: 'kafka-streams', seconds: peer.seconds, cpuSeconds: peer.cpuSeconds, peakRssMb: peer.peakRssMb } : null } };
  }

  /**
   * Time to restore a `keys`-key table (COUNT per distinct key, no repartition): built once, then
   * restored by a reopened instance from its local store, then by a new instance from the changelog.
   */
  async restoreTiming(keys: number): Promise<RestoreTiming> {
    await (this.connected ??= this.log.connect());
    const b = new PackedBuilder(true);
    const t = Date.now();
    for (let i = 0; i < keys; i++) b.add(`key-${i}`, `{"V":${i}}`, t);
    const input = this.topic('restore-keys');
    await this.produceAll(input, b.build());
    this.progress(`  ${keys} keys produced; building the table`);
    const base = {
      brokers: this.brokers,
      serviceId: `bench_${this.runId}_restore_`,
      ddl: `CREATE STREAM restore_keys (K STRING KEY, V BIGINT) WITH (KAFKA_TOPIC='${input}', PARTITIONS=1, VALUE_FORMAT='JSON');`,
      inputTopic: input,
      triggerKey: 'key-0',
      triggerValue: '{"V":0}',
      // Every record a new key (a store miss, a table row and two changelog records each): a 1M-key
      // build takes minutes on a busy machine.
      timeoutMs: Math.max(QUERY_TIMEOUT_MS, keys / 2),
    };
    const first = join(this.root, 'restore-first');
    const built = await probe({ ...base, dataDir: first, statement: 'CREATE TABLE restore_counts AS SELECT K, COUNT(*) AS N FROM restore_keys GROUP BY K;' });
    if (built.status !== 'ok') return { keys, buildSeconds: 0, local: null, changelog: null, error: built.reason };
    // Local first: the new instance's trigger record would move the committed offset past the
    // first instance's checkpoint and make its store stale.
    this.progress(`  built in ${built.seconds.toFixed(1)} s; reopening`);
    const local = await probe({ ...base, ddl: '', dataDir: first });
    const replay = await probe({ ...base, ddl: '', dataDir: join(this.root, 'restore-new') });
    const pick = (r: KafkaProbeReport): RestoreEntry | null => (r.status === 'ok' ? (r.restores[0] ?? null) : null);
    const errors = [local, replay].flatMap((r) => (r.status === 'ok' ? [] : [r.reason]));
    return { keys, buildSeconds: built.seconds, local: pick(local), changelog: pick(replay), ...(errors.length > 0 ? { error: errors.join('; ') } : {}) };
  }

  async close(): Promise<void> {
    if (this.connected === undefined) {
      rmSync(this.root, { recursive: true, force: true });
      return;
    }
    try {
      const mine = (await this.log.listTopics()).map((t) => t.name).filter((n) => n.includes(this.runId));
      for (const name of mine) await this.log.deleteTopic(name);
    } finally {
      await this.log.disconnect();
      rmSync(this.root, { recursive: true, force: true });
    }
  }
}

function probe(spec: KafkaProbeSpec): Promise<KafkaProbeReport> {
  return new Promise((resolve, reject) => {
    // KSQLITE_BENCH_PROBE_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the query process.
    const nodeArgs = process.env['KSQLITE_BENCH_PROBE_NODE_ARGS']?.split(' ').filter((a) => a !== '') ?? [];
    const child = spawn(process.execPath, [...nodeArgs, PROBE, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        // The message lines of the error, not its stack frames.
        const tail = err.trim().split('\n').filter((l) => !/^\s+at /.test(l)).slice(-6).join(' | ');
        resolve({ status: 'failed', reason: `query process exited with ${signal ?? `code ${code}`}: ${tail}` });
        return;
      }
      resolve(JSON.parse(line) as KafkaProbeReport);
    });
  });
}
