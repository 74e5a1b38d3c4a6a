// The floor every workload is compared with: bare JSON.parse + JSON.stringify of each record's
// value, the least any JSON-in, JSON-out engine has to do per record, measured on the workload's own
// records in the same run so both numbers see the same machine and the same load.

import type { PackedRecords } from './packed-records.js';

/** One pass: decode and re-encode every value; returns records per second. */
export function floorPass(p: PackedRecords): number {
  const { values, valueEnds, count } = p;
  let sink = 0;
  const t0 = performance.now();
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = valueEnds[i]!;
    const o = JSON.parse(values.toString('utf8', start, end)) as unknown;
    sink += Buffer.from(JSON.stringify(o)).length;
    start = end;
  }
  const secs = (performance.now() - t0) / 1000;
  // Keeps the work observable so it cannot be optimised away.
  if (sink < 0) throw new Error('unreachable');
  return count / secs;
}

/**
 * The best of `runs` passes: a conservative (high) floor on a machine whose load comes and goes,
 * so a ratio is never flattered by a floor measured during a busy moment.
 */
export function measureFloor(p: PackedRecords, runs = 3): number {
  let best = 0;
  for (let i = 0; i < runs; i++) best = Math.max(best, floorPass(p));
  return best;
}
