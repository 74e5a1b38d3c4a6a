// Started as its own process by the benchmark so the CPU time and peak RSS it reports are the
// query's alone: opens the embedded engine on a prepared data directory, runs one persistent query
// until it has read every record, and prints one JSON line (a ProbeReport).
// Usage: node dist/bench/query-probe.js DATA_DIR STATEMENT

import { readFileSync } from 'node:fs';
import { Engine } from '../src/engine/engine.js';
import { KsqlError } from '../src/errors.js';
import type { ProbeReport } from './modes/embedded.js';

const [dir, statement] = process.argv.slice(2);
if (dir === undefined || statement === undefined) {
  process.stderr.write('usage: query-probe DATA_DIR STATEMENT\n');
  process.exit(2);
}

function report(r: ProbeReport): void {
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

/**
 * Peak RSS of this process in MB. On Linux, VmHWM of /proc/self/status: getrusage's maxRSS survives
 * exec, so in a child it starts at the parent's size at fork time (the benchmark's parent holds the
 * whole data set) and would report the parent's memory instead of the query's.
 */
function peakRssMb(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function measure(engine: Engine, sql: string): Promise<ProbeReport> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    await engine.execute(sql);
  } catch (e) {
    // A statement the engine refuses is a result (a skipped or failed workload), not a crash.
    if (!(e instanceof KsqlError)) throw e;
    return { status: e.code === 'UNSUPPORTED' ? 'unsupported' : 'failed', reason: e.message };
  }
  engine.runUntilIdle();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const queries = engine.runningQueries();
  return {
    status: 'ok',
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: peakRssMb(),
    recordsIn: queries.reduce((n, q) => n + q.recordsIn, 0),
    recordsOut: queries.reduce((n, q) => n + q.recordsOut, 0),
  };
}

const engine = new Engine({ dataDir: dir, processingLogStream: false, properties: { 'auto.offset.reset': 'earliest' } });
let result: ProbeReport;
try {
  result = await measure(engine, statement);
} finally {
  await engine.close();
}
report(result);
