// Micro-benchmark of the JSON serde against bare JSON.parse + JSON.stringify, on 1M records of
// ~150 bytes with 7 mixed columns (decode, encode, and both). Standalone:
// `node dist/bench/serde-bench.js` (SERDE_BENCH_RECORDS=... to change the count).

import { createSerde } from '../src/serde/index.js';
import type { SerdeColumn } from '../src/serde/types.js';
import { BIGINT, BOOLEAN, DOUBLE, INTEGER, STRING, TIMESTAMP } from '../src/types/sql-type.js';

const TOTAL = Number(process.env['SERDE_BENCH_RECORDS'] ?? 1_000_000);
const DISTINCT = 10_000;
const ROUNDS = 5;

const COLUMNS: SerdeColumn[] = [
  { name: 'ID', type: BIGINT },
  { name: 'NAME', type: STRING },
  { name: 'REGION', type: STRING },
  { name: 'AMOUNT', type: DOUBLE },
  { name: 'QTY', type: INTEGER },
  { name: 'ACTIVE', type: BOOLEAN },
  { name: 'TS', type: TIMESTAMP },
];

function makeRecords(): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < DISTINCT; i++) {
    const value = {
      ID: 1_000_000 + i,
      NAME: `user-${String(i).padStart(8, '0')}@example.com`,
      REGION: i % 2 === 0 ? 'eu-west-1 (Ireland)' : 'us-east-2 (Ohio)',
      AMOUNT: (i % 100_000) / 100,
      QTY: i % 50,
      ACTIVE: i % 3 === 0,
      TS: 1_700_000_000_000 + i,
    };
    out.push(Buffer.from(JSON.stringify(value)));
  }
  return out;
}

interface Case {
  readonly label: string;
  readonly run: () => number;
  best: number;
}

/**
 * Runs every case once per round, interleaved, and keeps each case's best round: on a shared
 * machine, load comes and goes, and interleaving exposes bare and serde runs to the same load.
 */
function measure(cases: Case[]): void {
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of cases) {
      const start = performance.now();
      sink += c.run();
      c.best = Math.min(c.best, performance.now() - start);
    }
  }
  for (const c of cases) {
    const rate = (TOTAL / c.best) * 1000;
    console.log(`${c.label.padEnd(34)} ${(rate / 1e6).toFixed(2)} M rec/s  (${((c.best / TOTAL) * 1e6).toFixed(0)} ns/rec)`);
  }
  if (sink === -1) console.log(sink);
}

function main(): void {
  const records = makeRecords();
  const avg = records.reduce((s, b) => s + b.length, 0) / records.length;
  console.log(`${TOTAL} records, ${avg.toFixed(0)} bytes each, ${COLUMNS.length} columns, best of ${ROUNDS} interleaved rounds`);
  const serde = createSerde({ format: 'JSON', options: {} }, COLUMNS, false);
  const parsed = records.map((b) => JSON.parse(b.toString('utf8')) as Record<string, unknown>);
  const rows = records.map((b) => serde.deserialize(b)!);

  const bareDecode: Case = {
    label: 'bare JSON.parse',
    best: Infinity,
    run: () => {
      let n = 0;
      for (let i = 0; i < TOTAL; i++) n += (JSON.parse(records[i % DISTINCT]!.toString('utf8')) as object) ? 1 : 0;
      return n;
    },
  };
  const serdeDecode: Case = {
    label: 'serde deserialize',
    best: Infinity,
    run: () => {
      let n = 0;
      for (let i = 0; i < TOTAL; i++) n += serde.deserialize(records[i % DISTINCT]!)!.length;
      return n;
    },
  };
  const bareEncode: Case = {
    label: 'bare JSON.stringify',
    best: Infinity,
    run: () => {
      let n = 0;
      for (let i = 0; i < TOTAL; i++) n += Buffer.from(JSON.stringify(parsed[i % DISTINCT]), 'utf8').length;
      return n;
    },
  };
  const serdeEncode: Case = {
    label: 'serde serialize',
    best: Infinity,
    run: () => {
      let n = 0;
      for (let i = 0; i < TOTAL; i++) n += serde.serialize(rows[i % DISTINCT]!)!.length;
      return n;
    },
  };
  const bareBoth: Case = {
    label: 'bare parse + stringify',
    best: Infinity,
    run: () => {
      let n = 0;
      for (let i = 0; i < TOTAL; i++) {
        const o = JSON.parse(records[i % DISTINCT]!.toString('utf8')) as object;
        n += Buffer.from(JSON.stringify(o), 'utf8').length;
      }
      return n;
    },
  };
  const serdeBoth: Case = {
    label: 'serde deserialize + serialize',
    best: Infinity,
    run: () => {
      let n = 0;
      for (let i = 0; i < TOTAL; i++) n += serde.serialize(serde.deserialize(records[i % DISTINCT]!))!.length;
      return n;
    },
  };
  measure([bareDecode, serdeDecode, bareEncode, serdeEncode, bareBoth, serdeBoth]);
  const pct = (a: Case, b: Case): string => `${((b.best / a.best) * 100).toFixed(0)}%`;
  console.log(`serde speed / bare speed: decode ${pct(serdeDecode, bareDecode)}, encode ${pct(serdeEncode, bareEncode)}, both ${pct(serdeBoth, bareBoth)}`);
}

main();
