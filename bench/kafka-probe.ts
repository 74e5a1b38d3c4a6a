// Started as its own process by the Kafka mode of the benchmark (so the CPU time and peak RSS are
// the query's alone): opens the engine in Kafka mode, runs one persistent query until its consumer
// groups have committed every input record, or times a table's restore, and prints one JSON line.
// Usage: node dist/bench/kafka-probe.js SPEC_JSON (a KafkaProbeSpec)

import { Engine } from '../src/engine/engine.js';
import { KsqlError } from '../src/errors.js';
import type { KafkaLog } from '../src/log/kafka/index.js';
import type { KafkaProbeReport, KafkaProbeSpec, RestoreEntry } from './modes/kafka-spec.js';
import { peakRssMb } from './modes/kafka-spec.js';

const POLL_MS = 100;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** True once `group` committed every record `topic` holds now. */
async function caughtUp(log: KafkaLog, group: string, topic: string): Promise<boolean> {
  const [committed, ends] = await Promise.all([log.committedOffsets(group, topic), log.endOffsets(topic)]);
  return ends.every((end, p) => end === 0 || (committed[p] ?? -1) >= end);
}

/** The (group, topic) pairs of a query's stages, in order: the repartition stage first when there is one. */
async function stages(log: KafkaLog, serviceId: string, queryId: string, input: string): Promise<[string, string][]> {
  const group = `_confluent-ksql-${serviceId}query_${queryId}`;
  const repartition = `${group}-Aggregate-GroupBy-repartition`;
  if (await log.hasTopic(repartition)) return [[`${group}-groupby`, input], [group, repartition]];
  return [[group, input]];
}

/** The restores the query's stages did. */
function restoresOf(engine: Engine): RestoreEntry[] {
  return engine.runningQueries().flatMap((q) => q.restores);
}

async function runQuery(engine: Engine, spec: KafkaProbeSpec): Promise<KafkaProbeReport> {
  const log = engine.kafka!.log;
  await engine.execute(spec.ddl);
  const before = new Set(engine.runningQueries().map((q) => q.id));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    await engine.execute(spec.statement!);
  } catch (e) {
    if (!(e instanceof KsqlError)) throw e;
    return { status: e.code === 'UNSUPPORTED' ? 'unsupported' : 'failed', reason: e.message };
  }
  const query = engine.runningQueries().find((q) => !before.has(q.id));
  if (query === undefined) return { status: 'failed', reason: 'the statement started no query' };
  const pairs = await stages(log, spec.serviceId, query.id, spec.inputTopic);
  for (const [group, topic] of pairs) {
    while (!(await caughtUp(log, group, topic))) {
      const q = engine.runningQueries().find((r) => r.id === query.id);
      if (q?.state === 'ERROR') return { status: 'failed', reason: `query ${query.id} is in ERROR` };
      if (performance.now() - t0 > spec.timeoutMs) return { status: 'failed', reason: `query ${query.id} did not catch up within ${spec.timeoutMs / 1000} s (read ${q?.recordsIn ?? 0})` };
      await sleep(POLL_MS);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const q = engine.runningQueries().find((r) => r.id === query.id)!;
  return { status: 'ok', seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMb: peakRssMb(), recordsIn: q.recordsIn, recordsOut: q.recordsOut, restores: [] };
}

/** Reopens a service whose query exists; one new input record makes its task restore its stores. */
async function restore(engine: Engine, spec: KafkaProbeSpec): Promise<KafkaProbeReport> {
  const t0 = performance.now();
  await engine.kafka!.log.produce(spec.inputTopic, [{ key: Buffer.from(spec.triggerKey ?? 'restore-probe'), value: Buffer.from(spec.triggerValue ?? '{}'), timestamp: Date.now() }]);
  for (;;) {
    const restores = restoresOf(engine);
    if (restores.length > 0) {
      const q = engine.runningQueries()[0];
      return { status: 'ok', seconds: (performance.now() - t0) / 1000, cpuSeconds: 0, peakRssMb: peakRssMb(), recordsIn: q?.recordsIn ?? 0, recordsOut: q?.recordsOut ?? 0, restores };
    }
    if (performance.now() - t0 > spec.timeoutMs) return { status: 'failed', reason: `no restore within ${spec.timeoutMs / 1000} s` };
    await sleep(20);
  }
}

const raw = process.argv[2];
if (raw === undefined) {
  process.stderr.write('usage: kafka-probe SPEC_JSON\n');
  process.exit(2);
}
const spec = JSON.parse(raw) as KafkaProbeSpec;
const engine = await Engine.open({
  dataDir: spec.dataDir,
  processingLogStream: false,
  properties: { 'auto.offset.reset': 'earliest' },
  kafka: { brokers: spec.brokers, serviceId: spec.serviceId },
});
let result: KafkaProbeReport;
try {
  result = spec.statement === undefined ? await restore(engine, spec) : await runQuery(engine, spec);
} finally {
  await engine.close();
}
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
