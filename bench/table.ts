// The readable table `npm run bench` prints at the end: one row per workload and mode, aligned
// columns, followed by the skipped and failed workloads with their reasons.

import type { BenchFile } from './results.js';

export function formatRate(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function align(rows: string[][], right: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n');
}

export function formatTable(file: BenchFile): string {
  const rows = [['workload', 'mode', 'records/s', 'floor/s', 'of floor', 'cpu s', 'records/cpu s', 'peak RSS MB', 'records out']];
  for (const r of file.results) {
    rows.push([
      r.workload,
      r.mode,
      formatRate(r.recordsPerSec),
      formatRate(r.floorRecordsPerSec),
      `${(r.ratioToFloor * 100).toFixed(1)}%`,
      r.cpuSeconds.toFixed(2),
      r.extra ? formatRate(r.extra.recordsPerCpuSecond) : '',
      String(r.peakRssMb),
      r.extra ? formatRate(r.extra.recordsOut) : '',
    ]);
  }
  const lines = [align(rows, new Set([2, 3, 4, 5, 6, 7, 8]))];
  for (const s of file.skipped) lines.push(`skipped ${s.workload} [${s.mode}]: ${s.reason}`);
  for (const s of file.failed) lines.push(`FAILED ${s.workload} [${s.mode}]: ${s.reason}`);
  if (file.startupMs !== null) lines.push(`startup: engine ready ${Math.round(file.startupMs)} ms after process start (median of 5)`);
  return lines.join('\n');
}
