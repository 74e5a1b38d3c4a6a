// Micro-benchmark of the state stores in a temporary SQLite file (WAL, as the engine runs them):
// aggregation updates (1M get+put over 10k keys, flushed every 1000 records in the batch
// transaction) and key lookups on a 1M-row materialized table, through get() and select().
// Standalone: `node dist/bench/state-bench.js`; STATE_BENCH_RECORDS and STATE_BENCH_ROWS scale it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedLog } from '../src/log/embedded/embedded-log.js';
import { keyEncoder } from '../src/state/key-codec.js';
import { KeyValueStore } from '../src/state/key-value-store.js';
import { MaterializedTable } from '../src/state/materialized/materialized-table.js';
import { WindowStore } from '../src/state/window-store.js';
import { BIGINT, DOUBLE, STRING } from '../src/types/sql-type.js';

const RECORDS = Number(process.env['STATE_BENCH_RECORDS'] ?? 1_000_000);
const ROWS = Number(process.env['STATE_BENCH_ROWS'] ?? 1_000_000);
const KEYS = 10_000;
const BATCH = 1000;
const LOOKUPS = 100_000;

function perSec(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
}

/** The key of record j as a decoder would hand it over: a new string each time, hashed on first use. */
function freshName(j: number): string {
  return `customer-${j % KEYS}`;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** COUNT per key: get, add one, put; the batch's dirty keys flushed in one transaction. */
function countUpdates(log: EmbeddedLog): void {
  const store = KeyValueStore.open<number>(log.db, 'bench_count');
  const encode = keyEncoder([STRING]);
  const t0 = performance.now();
  for (let i = 0; i < RECORDS; i += BATCH) {
    log.transaction(() => {
      for (let j = i; j < i + BATCH; j++) {
        const key = encode([freshName(j)]);
        store.put(key, (store.get(key) ?? 0) + 1);
      }
      store.flush();
    });
  }
  const ms = performance.now() - t0;
  const check = store.get(encode(['customer-0']));
  console.log(`kv COUNT: ${RECORDS} get+put over ${KEYS} keys, flush per ${BATCH}: ${perSec(RECORDS, ms)} (${ms.toFixed(0)} ms, count[0] = ${check})`);
}

/** SUM and COUNT kept as a [count, sum] array state (serialized by the default codec at each flush). */
function sumUpdates(log: EmbeddedLog): void {
  const store = KeyValueStore.open<[number, number]>(log.db, 'bench_sum');
  const encode = keyEncoder([STRING]);
  const t0 = performance.now();
  for (let i = 0; i < RECORDS; i += BATCH) {
    log.transaction(() => {
      for (let j = i; j < i + BATCH; j++) {
        const key = encode([freshName(j)]);
        const s = store.get(key);
        if (s === undefined) store.put(key, [1, j * 0.5]);
        else {
          s[0]++;
          s[1] += j * 0.5;
          store.put(key, s);
        }
      }
      store.flush();
    });
  }
  const ms = performance.now() - t0;
  console.log(`kv SUM+COUNT state: ${perSec(RECORDS, ms)} (${ms.toFixed(0)} ms)`);
}

/** Tumbling 1 s windows, one record per ms: a window closes every 1000 records; retention 10 s. */
function windowUpdates(log: EmbeddedLog): void {
  const store = WindowStore.open<number>(log.db, 'bench_win', { windowSize: 1000 });
  const encode = keyEncoder([STRING]);
  const t0 = performance.now();
  for (let i = 0; i < RECORDS; i += BATCH) {
    log.transaction(() => {
      for (let j = i; j < i + BATCH; j++) {
        const key = encode([freshName(j)]);
        const start = j - (j % 1000);
        store.put(key, start, (store.get(key, start) ?? 0) + 1);
      }
      store.expire(i + BATCH - 10_000);
      store.flush();
    });
  }
  const ms = performance.now() - t0;
  console.log(`window COUNT (tumbling): ${perSec(RECORDS, ms)} (${ms.toFixed(0)} ms)`);
}

function lookups(log: EmbeddedLog): void {
  const table = MaterializedTable.create(
    log.db,
    'bench_table',
    [
      { name: 'ID', type: BIGINT, key: true },
      { name: 'CUSTOMER', type: STRING, key: false },
      { name: 'TOTAL', type: DOUBLE, key: false },
      { name: 'ORDERS', type: BIGINT, key: false },
    ],
    false,
  );
  let t0 = performance.now();
  for (let i = 0; i < ROWS; i += 10_000) {
    log.transaction(() => {
      for (let j = i; j < Math.min(ROWS, i + 10_000); j++) table.upsert([j], [`customer-${j % KEYS}`, j * 1.5, j % 100], 1_700_000_000_000 + j);
      table.flush();
    });
  }
  console.log(`table load: ${ROWS} rows ${perSec(ROWS, performance.now() - t0)}`);

  const keys = new Array<number>(LOOKUPS);
  let seed = 42;
  for (let i = 0; i < LOOKUPS; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    keys[i] = seed % ROWS;
  }
  for (const [label, lookup] of [
    ['get()', (k: number) => table.get([k])],
    ['select(ID = ?)', (k: number) => table.select({ where: [{ column: 'ID', op: '=', value: k }] })[0]],
  ] as const) {
    const latencies = new Float64Array(LOOKUPS);
    let found = 0;
    t0 = performance.now();
    for (let i = 0; i < LOOKUPS; i++) {
      const s = performance.now();
      if (lookup(keys[i]!) !== undefined) found++;
      latencies[i] = performance.now() - s;
    }
    const ms = performance.now() - t0;
    latencies.sort();
    console.log(
      `lookup ${label}: ${perSec(LOOKUPS, ms)}, p50 ${(percentile(latencies, 0.5) * 1000).toFixed(1)} us, ` +
        `p99 ${(percentile(latencies, 0.99) * 1000).toFixed(1)} us, max ${(latencies[LOOKUPS - 1]! * 1000).toFixed(0)} us (found ${found})`,
    );
  }
  t0 = performance.now();
  let rows = 0;
  for (let i = 0; i < 1000; i++) {
    const from = keys[i]!;
    rows += table.select({ where: [{ column: 'ID', op: 'BETWEEN', low: from, high: from + 99 }], orderBy: [{ column: 'ID' }] }).length;
  }
  console.log(`range select (100 keys, ordered): ${perSec(1000, performance.now() - t0)} queries, ${rows} rows`);
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'ksqlite-state-bench-'));
  const log = EmbeddedLog.open(join(dir, 'state.db'));
  try {
    console.log(`state stores: temporary file, WAL, synchronous=NORMAL; node ${process.version}`);
    countUpdates(log);
    sumUpdates(log);
    windowUpdates(log);
    lookups(log);
    console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    log.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
