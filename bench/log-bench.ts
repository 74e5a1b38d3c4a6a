// Micro-benchmark of the embedded log: append then read 1M records of ~150 bytes in batches of 500,
// in a temporary SQLite file, and print records per second. Standalone: `node dist/bench/log-bench.js`.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedLog } from '../src/log/embedded/embedded-log.js';
import type { ProduceRecord } from '../src/log/types.js';

const BATCH = 500;
const TOTAL = Math.ceil(Number(process.env['LOG_BENCH_RECORDS'] ?? 1_000_000) / BATCH) * BATCH;
const DISTINCT_BATCHES = 20;
/** LOG_BENCH_PATH=:memory: measures the CPU cost alone, without the disk. */
const PATH = process.env['LOG_BENCH_PATH'];

function makeBatch(start: number): ProduceRecord[] {
  const batch: ProduceRecord[] = [];
  for (let i = start; i < start + BATCH; i++) {
    const id = String(i).padStart(8, '0');
    const value =
      `{"ID":${i},"NAME":"user-${id}","REGION":"eu-west-1","AMOUNT":${(i % 1000) / 10},` +
      `"TS":${1_700_000_000_000 + i},"X":"abcdefghij"}`;
    batch.push({ key: Buffer.from(id), value: Buffer.from(value.padEnd(142, ' ')), timestamp: 1_700_000_000_000 + i });
  }
  return batch;
}

function rate(records: number, ms: number): string {
  return `${((records / ms) * 1000 / 1e6).toFixed(2)} M rec/s`;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'ksqlite-log-bench-'));
  const log = EmbeddedLog.open(PATH ?? join(dir, 'log.db'));
  try {
    log.createTopic('bench', { partitions: 1 });
    // A few batches prepared up front and cycled: the timing measures the log, and the heap does
    // not hold a million live test records (whose garbage collection would dominate the timing).
    const batches: ProduceRecord[][] = [];
    for (let i = 0; i < DISTINCT_BATCHES; i++) batches.push(makeBatch(i * BATCH));
    const bytes = batches[0]!.reduce((s, r) => s + (r.key?.length ?? 0) + (r.value?.length ?? 0), 0) / BATCH;

    let t0 = performance.now();
    for (let i = 0; i < TOTAL / BATCH; i++) log.produce('bench', batches[i % DISTINCT_BATCHES]!);
    const appendMs = performance.now() - t0;

    t0 = performance.now();
    let offset = 0;
    let checksum = 0;
    while (true) {
      const records = log.read('bench', 0, offset, BATCH);
      if (records.length === 0) break;
      for (const r of records) checksum += r.value!.length;
      offset = records[records.length - 1]!.offset + 1;
    }
    const readMs = performance.now() - t0;
    if (offset !== TOTAL) throw new Error(`read ${offset} records, expected ${TOTAL}`);

    console.log(`log: ${PATH ?? 'temporary file'}, synchronous=NORMAL, WAL`);
    console.log(`records: ${TOTAL} of ~${bytes.toFixed(0)} bytes (key + value), batches of ${BATCH}`);
    console.log(`append: ${rate(TOTAL, appendMs)} (${appendMs.toFixed(0)} ms)`);
    console.log(`read:   ${rate(TOTAL, readMs)} (${readMs.toFixed(0)} ms, checksum ${checksum})`);
  } finally {
    log.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
