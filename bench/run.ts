// `npm run bench`: measures each workload (ksqlDB-style and Nexmark) next to the floor (bare JSON
// decode + encode of the same records, in the same run) and reports records/s, the ratio, CPU
// seconds and peak RSS of the query process. Progress goes to stderr, the table to stdout.
// Options: see USAGE in options.ts (--quick, --records, --only, --seed, --json FILE).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset, DatasetName } from './datasets.js';
import { nexmarkDataset, ordersDataset } from './datasets.js';
import { measureFloor } from './floor.js';
import { EmbeddedMode } from './modes/embedded.js';
import { KafkaMode, brokerAnswers } from './modes/kafka.js';
import type { BenchMode, ModeName, QueryRun } from './modes/mode.js';
import type { BenchOptions } from './options.js';
import { OptionsError, USAGE, parseOptions } from './options.js';
import { averageValueBytes } from './packed-records.js';
import { runPullBench } from './pull-bench.js';
import { runPushBench } from './push-bench.js';
import type { BenchFile, BenchResult, RestoreResult, ServerBenchResult, SkippedWorkload } from './results.js';
import { describeMachine, loadAverage } from './results.js';
import { formatRate, formatTable } from './table.js';
import type { Workload } from './workloads.js';
import { WORKLOADS } from './workloads.js';

function progress(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

function createMode(name: ModeName, options: BenchOptions): BenchMode {
  switch (name) {
    case 'embedded':
      return new EmbeddedMode();
    case 'kafka':
      return new KafkaMode(options.brokers, progress);
  }
}

/** The modes asked for, or embedded plus Kafka when a broker answers; a Kafka mode asked for needs one. */
async function chooseModes(options: BenchOptions): Promise<ModeName[]> {
  const up = await brokerAnswers(options.brokers);
  if (options.modes !== undefined) {
    if (options.modes.includes('kafka') && !up) throw new OptionsError(`--mode kafka: no broker answers on ${options.brokers} (npm run kafka:start starts one)`);
    return [...options.modes];
  }
  if (!up) progress(`Kafka mode skipped: no broker answers on ${options.brokers} (npm run kafka:start starts one)`);
  return up ? ['embedded', 'kafka'] : ['embedded'];
}

async function measureRestore(mode: KafkaMode, keys: number): Promise<RestoreResult> {
  progress(`restore (kafka): a ${formatRate(keys)}-key table, reopened on its data directory and on a new one`);
  const t = await mode.restoreTiming(keys);
  const r: RestoreResult = {
    keys,
    localMs: t.local?.ms ?? null,
    changelogMs: t.changelog?.ms ?? null,
    changelogRecords: t.changelog?.records ?? null,
    ...(t.error !== undefined ? { error: t.error } : {}),
  };
  progress(`  built in ${t.buildSeconds.toFixed(1)} s; restore from the local store ${r.localMs ?? '?'} ms (${t.local?.from ?? 'none'}), by changelog replay ${r.changelogMs ?? '?'} ms (${r.changelogRecords ?? '?'} records)${t.error ? `; ${t.error}` : ''}`);
  return r;
}

function buildDataset(name: DatasetName, options: BenchOptions): Dataset {
  const t0 = performance.now();
  const ds =
    name === 'orders'
      ? ordersDataset(options.records)
      : nexmarkDataset(options.records, options.seed, (n) => progress(`  generated ${formatRate(n)} Nexmark events`));
  const counts = ds.topics.map((t) => `${t.topic} ${formatRate(t.records.count)}`).join(', ');
  progress(`  ${counts} records (input ~${averageValueBytes(ds.input).toFixed(0)} bytes each), made in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return ds;
}

/** Median of five runs of the start-up probe, or null when the bundle is not built. */
function startupMs(): number | null {
  const here = dirname(fileURLToPath(import.meta.url));
  if (!existsSync(new URL('../ksqlite.mjs', import.meta.url))) {
    progress('startup: dist/ksqlite.mjs is missing (npm run build makes it): skipped');
    return null;
  }
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const out = execFileSync(process.execPath, [`${here}/startup-probe.js`], { encoding: 'utf8' });
    runs.push((JSON.parse(out) as { readyMs: number }).readyMs);
  }
  runs.sort((a, b) => a - b);
  return runs[2]!;
}

async function runAll(options: BenchOptions): Promise<BenchFile> {
  const loadStart = loadAverage();
  const startedAt = new Date().toISOString();
  const workloads = WORKLOADS.filter((w) => options.only === undefined || options.only.includes(w.name));
  const results: BenchResult[] = [];
  const skipped: SkippedWorkload[] = [];
  const failed: SkippedWorkload[] = [];
  const modes = (await chooseModes(options)).map((m) => createMode(m, options));
  let restore: RestoreResult | null = null;
  const total = workloads.length * modes.length;
  let done = 0;
  progress(`ksqlite bench: ${formatRate(options.records)} records per workload${options.quick ? ' (quick)' : ''}, ${total} runs, load average ${loadStart.join(' ')}`);
  try {
    const datasets = [...new Set(workloads.map((w) => w.dataset))];
    for (const name of datasets) {
      progress(`data set ${name}`);
      const ds = buildDataset(name, options);
      const group = workloads.filter((w) => w.dataset === name);
      for (const mode of modes) {
        let t0 = performance.now();
        await mode.load(ds);
        progress(`  loaded into the ${mode.name} log in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        for (const w of group) {
          progress(`[${++done}/${total}] ${w.name} (${mode.name}): floor`);
          const floor = measureFloor(ds.input);
          progress(`  floor ${formatRate(floor)} records/s; running the query in its own process`);
          t0 = performance.now();
          const outcome = await mode.run(w, ds);
          if (outcome.status === 'ok') {
            const r = toResult(w, mode.name, ds.input.count, floor, outcome.run);
            results.push(r);
            progress(`  ${formatRate(r.recordsPerSec)} records/s (${(r.ratioToFloor * 100).toFixed(1)}% of floor), cpu ${r.cpuSeconds} s, peak RSS ${r.peakRssMb} MB`);
            if (r.peer) progress(`  peer ${r.peer.name}: ${formatRate(r.peer.recordsPerSec)} records/s (ksqlite at ${(r.peer.ratio * 100).toFixed(0)}% of it)`);
          } else {
            (outcome.status === 'unsupported' ? skipped : failed).push({ workload: w.name, mode: mode.name, reason: outcome.reason });
            progress(`  ${outcome.status === 'unsupported' ? 'skipped' : 'FAILED'}: ${outcome.reason}`);
          }
        }
      }
    }
    const kafka = modes.find((m): m is KafkaMode => m instanceof KafkaMode);
    if (kafka && options.restoreKeys > 0) restore = await measureRestore(kafka, options.restoreKeys);
  } finally {
    for (const m of modes) await m.close();
  }
  // The REST server's figures belong to a full run; --only picks workloads.
  const server = options.only === undefined ? await measureServer(options) : null;
  let startup: number | null = null;
  if (options.startup) {
    progress('startup: time until the embedded engine answers a statement');
    startup = startupMs();
  }
  const machine = { ...describeMachine(loadStart), loadAverageEnd: loadAverage() };
  const settings = { records: options.records, quick: options.quick, seed: options.seed, startedAt, finishedAt: new Date().toISOString() };
  return { machine, settings, results, skipped, failed, startupMs: startup === null ? null : Math.round(startup), restore, server };
}

/** Pull queries by key over HTTP, then 500 concurrent push queries on one stream, each on a real server. */
async function measureServer(options: BenchOptions): Promise<ServerBenchResult> {
  const errors: string[] = [];
  const say = (line: string): void => progress(`  ${line}`);
  const rows = options.quick ? 200_000 : 1_000_000;
  progress(`server: pull queries by key over HTTP on a ${formatRate(rows)}-row table`);
  let pull: ServerBenchResult['pull'] = null;
  try {
    pull = await runPullBench({ rows, lookups: options.quick ? 20_000 : 100_000, httpRequests: options.quick ? 20_000 : 50_000, progress: say });
  } catch (e) {
    errors.push(`pull: ${e instanceof Error ? e.message : String(e)}`);
    progress(`  FAILED: ${errors[errors.length - 1]}`);
  }
  progress('server: 500 concurrent push queries over HTTP on one stream');
  let push: ServerBenchResult['push'] = null;
  try {
    push = await runPushBench({ queries: 500, rows: 2000, progress: say });
  } catch (e) {
    errors.push(`push: ${e instanceof Error ? e.message : String(e)}`);
    progress(`  FAILED: ${errors[errors.length - 1]}`);
  }
  return { pull, push, errors };
}

function toResult(w: Workload, mode: ModeName, records: number, floor: number, run: QueryRun): BenchResult {
  const rate = records / run.seconds;
  const peerRate = run.peer ? records / run.peer.seconds : 0;
  return {
    workload: w.name,
    mode,
    recordsPerSec: Math.round(rate),
    floorRecordsPerSec: Math.round(floor),
    ratioToFloor: Number((rate / floor).toFixed(4)),
    cpuSeconds: Number(run.cpuSeconds.toFixed(2)),
    peakRssMb: run.peakRssMb,
    peer: run.peer ? { name: run.peer.name, recordsPerSec: Math.round(peerRate), ratio: Number((rate / peerRate).toFixed(4)) } : null,
    extra: {
      records,
      recordsOut: run.recordsOut,
      seconds: Number(run.seconds.toFixed(3)),
      recordsPerCpuSecond: Math.round(records / run.cpuSeconds),
      description: w.description,
    },
  };
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2), WORKLOADS.map((w) => w.name));
  } catch (e) {
    if (!(e instanceof OptionsError)) throw e;
    if (e.message !== '') process.stderr.write(`${e.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = e.message === '' ? 0 : 2;
    return;
  }
  let file: BenchFile;
  try {
    file = await runAll(options);
  } catch (e) {
    if (!(e instanceof OptionsError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 2;
    return;
  }
  const m = file.machine;
  process.stdout.write(`\nmachine: ${m.cpus} x ${m.cpuModel}, ${m.memoryGb} GB, ${m.os}, node ${m.node}, SQLite ${m.sqlite}\n`);
  process.stdout.write(`load average: ${m.loadAverageStart.join(' ')} at start, ${m.loadAverageEnd.join(' ')} at end\n\n`);
  process.stdout.write(`${formatTable(file)}\n`);
  const r = file.restore;
  if (r) process.stdout.write(`\nrestore of a ${formatRate(r.keys)}-key table (kafka): local store ${r.localMs ?? '?'} ms, changelog replay ${r.changelogMs ?? '?'} ms${r.error ? ` (${r.error})` : ''}\n`);
  const sv = file.server;
  if (sv?.pull)
    process.stdout.write(
      `\npull by key over HTTP: ${formatRate(sv.pull.http.perSecond)} requests/s at concurrency ${sv.pull.http.concurrency}, p50 ${sv.pull.http.p50Ms.toFixed(2)} ms, p99 ${sv.pull.http.p99Ms.toFixed(2)} ms (${formatRate(sv.pull.rows)} rows; library ${formatRate(sv.pull.library.perSecond)} lookups/s)\n`,
    );
  if (sv?.push)
    process.stdout.write(
      `push: ${sv.push.queries} concurrent queries each got all ${formatRate(sv.push.rows)} rows; ${sv.push.heapPerQueryKb} KB heap and ${sv.push.rssPerQueryKb} KB RSS per query; ${formatRate(sv.push.deliveredRowsPerSecond)} rows/s delivered\n`,
    );
  for (const e of sv?.errors ?? []) process.stdout.write(`server bench failed: ${e}\n`);
  if ((sv?.errors.length ?? 0) > 0) process.exitCode = 1;
  for (const x of file.results.filter((x) => x.peer)) process.stdout.write(`peer ${x.workload}: ${x.peer!.name} ${formatRate(x.peer!.recordsPerSec)} records/s, ksqlite at ${(x.peer!.ratio * 100).toFixed(0)}%\n`);
  if (options.json !== undefined) {
    mkdirSync(dirname(options.json), { recursive: true });
    writeFileSync(options.json, `${JSON.stringify(file, null, 2)}\n`);
    progress(`results written to ${options.json}`);
  }
  if (file.failed.length > 0) process.exitCode = 1;
}

await main();
