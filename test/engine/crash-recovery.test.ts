// Exactly-once across crashes: a process running a COUNT/SUM table over 100k records is killed with
// SIGKILL at five random points and restarted each time; the table must end up exactly as a run without
// crashes makes it, and its changelog must hold only states a crash-free run goes through (with the
// record cache off: every update, exactly once). Runs the built library (dist/ksqlite.mjs) in child processes.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrashDump, CrashInput } from './fixtures/crash-worker.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const BUNDLE = join(ROOT, 'dist/ksqlite.mjs');
const RECORDS = 100_000;
const KEYS = 997;
const BATCH = 250;
const KILLS = 5;

/** Small seeded generator (mulberry32): the same seed gives the same records and kill points. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RunEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last `progress N` the worker printed, and whether it printed `done`. */
  progress: number;
  done: boolean;
  stdout: string;
  stderr: string;
}

let dir: string;
let worker: string;

/** Runs the worker; once it reports progress >= killAt, waits delayMs and sends SIGKILL. */
function runWorker(mode: 'run' | 'dump', killAt?: number, delayMs = 0): Promise<RunEnd> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [worker, pathToFileURL(BUNDLE).href, join(dir, 'data'), join(dir, 'input.json'), mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const end: RunEnd = { code: null, signal: null, progress: 0, done: false, stdout: '', stderr: '' };
    let armed = killAt !== undefined;
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (mode === 'dump') {
        end.stdout += chunk;
        return;
      }
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line === 'done') end.done = true;
        else if (line.startsWith('progress ')) end.progress = Number(line.slice(9));
        if (armed && end.progress >= killAt!) {
          armed = false;
          setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (end.stderr += chunk));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      end.code = code;
      end.signal = signal;
      done(end);
    });
  });
}

beforeAll(() => {
  if (!existsSync(BUNDLE))
    throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (this test runs the built library in child processes).`);
  dir = mkdtempSync(join(tmpdir(), 'ksqlite-crash-'));
  // The worker is TypeScript: strip its types into a module next to the data.
  worker = join(dir, 'crash-worker.mjs');
  buildSync({ entryPoints: [join(ROOT, 'test/engine/fixtures/crash-worker.ts')], outfile: worker, format: 'esm', platform: 'node', logLevel: 'error' });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a COUNT/SUM table killed with SIGKILL and restarted', () => {
  /**
   * Runs the table over fresh input, killed at five random points and restarted each time; returns
   * each key's running states (what a run without crashes goes through) and its changelog.
   */
  async function crashAndRecover(cacheBytes: number | undefined): Promise<{
    seed: number;
    expected: Map<string, { N: number; S: number }[]>;
    actual: Map<string, ({ N: number; S: number } | null)[]>;
    changelogLength: number;
  }> {
    const seed = Number(process.env['KSQLITE_CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
    // Logged so a failure can be replayed: KSQLITE_CRASH_SEED=<seed> npx vitest run test/engine/crash-recovery.test.ts
    console.log(`crash-recovery seed: ${seed} (cache ${cacheBytes ?? 'default'})`);
    rmSync(join(dir, 'data'), { recursive: true, force: true });
    const random = rng(seed);
    const keys: string[] = [];
    const xs: number[] = [];
    for (let i = 0; i < RECORDS; i++) {
      keys.push(`k${Math.floor(random() * KEYS)}`);
      xs.push(Math.floor(random() * 2001) - 1000);
    }
    const input: CrashInput = { keys, xs, batch: BATCH, ...(cacheBytes !== undefined ? { cacheBytes } : {}) };
    writeFileSync(join(dir, 'input.json'), JSON.stringify(input));

    // What a run without crashes goes through: per key, after its k-th record, COUNT k and the sum so far.
    const expected = new Map<string, { N: number; S: number }[]>();
    for (let i = 0; i < RECORDS; i++) {
      const seq = expected.get(keys[i]!) ?? [];
      const last = seq[seq.length - 1] ?? { N: 0, S: 0 };
      seq.push({ N: last.N + 1, S: last.S + xs[i]! });
      expected.set(keys[i]!, seq);
    }

    // Five kill points spread over the input, each a little after a progress report (so some land
    // inside a batch transaction).
    const points = Array.from({ length: KILLS }, () => Math.floor((0.05 + random() * 0.8) * RECORDS)).sort((a, b) => a - b);
    for (const [i, at] of points.entries()) {
      const delay = Math.floor(random() * 20);
      const end = await runWorker('run', at, delay);
      expect(end.signal, `run ${i + 1} (seed ${seed}) should have been killed after record ${at}; stderr: ${end.stderr}`).toBe('SIGKILL');
      expect(end.done, `run ${i + 1} (seed ${seed}) finished before it was killed`).toBe(false);
    }
    const last = await runWorker('run');
    expect(last.code, `final run (seed ${seed}) failed: ${last.stderr}`).toBe(0);
    expect(last.done).toBe(true);

    const dumped = await runWorker('dump');
    expect(dumped.code, dumped.stderr).toBe(0);
    const dump = JSON.parse(dumped.stdout) as CrashDump;

    // The input itself: every record produced exactly once despite the kills.
    const ids = dump.source.map(([id]) => id).sort((a, b) => a - b);
    expect(ids.length).toBe(RECORDS);
    expect(ids.every((id, i) => id === i)).toBe(true);

    // The changelog, per key, in order.
    const actual = new Map<string, ({ N: number; S: number } | null)[]>();
    for (const [key, value] of dump.totals) {
      const seq = actual.get(key) ?? [];
      seq.push(value);
      actual.set(key, seq);
    }
    // The final table: exact counts and sums for every key.
    expect(finals(actual), `seed ${seed}`).toEqual(finals(expected));
    return { seed, expected, actual, changelogLength: dump.totals.length };
  }

  it('ends with the exact counts and sums, and its changelog holds each update exactly once (cache off)', async () => {
    const { seed, expected, actual, changelogLength } = await crashAndRecover(0);
    // No double counting and no lost update: each key's COUNT goes 1, 2, 3, ... with the running sum,
    // as if the process had never crashed (outputs, state and offsets commit in one transaction).
    const wrong = [...expected].filter(([k, seq]) => JSON.stringify(actual.get(k)) !== JSON.stringify(seq)).map(([k]) => k);
    expect(wrong.slice(0, 5).map((k) => ({ key: k, changelog: actual.get(k)?.slice(0, 20), expected: expected.get(k)?.slice(0, 20) })), `seed ${seed}`).toEqual([]);
    expect(changelogLength).toBe(RECORDS);
  }, 120_000);

  it('ends with the exact counts and sums with the record cache on, its changelog a subset of the running states', async () => {
    const { seed, expected, actual, changelogLength } = await crashAndRecover(undefined);
    // Each update the changelog holds is a state the key really went through, in order: a lost or
    // doubled record would show as a count or sum no crash-free run has.
    const wrong = [...expected]
      .filter(([k, seq]) => !isOrderedSubsequence(actual.get(k) ?? [], seq))
      .map(([k]) => k);
    expect(wrong.slice(0, 5).map((k) => ({ key: k, changelog: actual.get(k)?.slice(0, 20), expected: expected.get(k)?.slice(0, 20) })), `seed ${seed}`).toEqual([]);
    // The cache coalesced the changes of a key within a batch.
    expect(changelogLength).toBeLessThan(RECORDS);
  }, 120_000);
});

function finals(m: Map<string, ({ N: number; S: number } | null)[]>): Record<string, unknown> {
  return Object.fromEntries([...m].map(([k, seq]) => [k, seq[seq.length - 1]]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

/** True when every element of `sub` appears in `seq`, in the same order (compared as JSON). */
function isOrderedSubsequence(sub: readonly unknown[], seq: readonly unknown[]): boolean {
  let j = 0;
  for (const x of sub) {
    const text = JSON.stringify(x);
    while (j < seq.length && JSON.stringify(seq[j]) !== text) j++;
    if (j === seq.length) return false;
    j++;
  }
  return true;
}
