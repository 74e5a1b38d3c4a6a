// Started as its own process by the benchmark so the peak RSS it reports is the query's alone:
// opens the embedded engine on a prepared data directory, runs one persistent query until it has
// read every record, and prints the rate, CPU seconds and peak RSS as JSON.

import { Engine } from '../src/engine/engine.js';

const [dir, records, statement] = process.argv.slice(2);
const engine = new Engine({ dataDir: dir!, processingLogStream: false, properties: { 'auto.offset.reset': 'earliest' } });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await engine.execute(statement!);
engine.runUntilIdle();
const secs = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const out = engine.runningQueries().reduce((n, q) => n + q.recordsOut, 0);
await engine.close();
process.stdout.write(
  `${JSON.stringify({ rate: Number(records) / secs, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), recordsOut: out })}\n`,
);
