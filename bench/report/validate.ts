// Checks that a results file has the shape `npm run bench -- --json` writes before a report is
// built from it, so a wrong or truncated file fails with a message instead of a broken page.

import type { BenchFile } from '../results.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function checkBenchFile(v: unknown, name: string): BenchFile {
  const fail = (what: string): never => {
    throw new Error(`${name} is not a results file of \`npm run bench -- --json\`: ${what}`);
  };
  if (!isObject(v)) return fail('not a JSON object');
  if (!isObject(v['machine'])) fail('no "machine"');
  if (!isObject(v['settings'])) fail('no "settings"');
  if (!Array.isArray(v['results'])) return fail('no "results" list');
  v['results'].forEach((r: unknown, i) => {
    if (!isObject(r)) return fail(`results[${i}] is not an object`);
    if (typeof r['workload'] !== 'string') fail(`results[${i}] has no workload name`);
    if (r['mode'] !== 'embedded' && r['mode'] !== 'kafka') fail(`results[${i}].mode is ${JSON.stringify(r['mode'])}`);
    for (const k of ['recordsPerSec', 'floorRecordsPerSec', 'ratioToFloor', 'cpuSeconds', 'peakRssMb'])
      if (typeof r[k] !== 'number' || !Number.isFinite(r[k])) fail(`results[${i}].${k} is not a number`);
    return undefined;
  });
  for (const k of ['skipped', 'failed']) if (!Array.isArray(v[k])) fail(`no "${k}" list`);
  return v as unknown as BenchFile;
}
