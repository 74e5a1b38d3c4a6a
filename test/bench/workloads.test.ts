import { afterEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../../bench/datasets.js';
import { nexmarkDataset, ordersDataset } from '../../bench/datasets.js';
import type { Bid } from '../../bench/nexmark/generator.js';
import { produceBatch } from '../../bench/packed-records.js';
import { WORKLOADS } from '../../bench/workloads.js';
import { Engine } from '../../src/engine/engine.js';

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

interface Out {
  key: Buffer | null;
  value: Record<string, unknown> | null;
}

const orders = ordersDataset(20_000);
const nexmark = nexmarkDataset(5000, 0);

/** Runs workload `name` over `ds` in an in-memory engine and returns its output topic. */
async function run(name: string, ds: Dataset): Promise<Out[]> {
  const w = WORKLOADS.find((x) => x.name === name)!;
  expect(w.dataset).toBe(ds.name);
  engine = new Engine({ inMemory: true, processingLogStream: false, properties: { 'auto.offset.reset': 'earliest' } });
  await engine.execute(ds.ddl);
  for (const { topic, records } of ds.topics) engine.log.produce(topic, produceBatch(records, 0, records.count));
  await engine.execute(w.statement);
  engine.runUntilIdle();
  const sink = /^CREATE (?:STREAM|TABLE) (\w+)/.exec(w.statement)![1]!.toUpperCase();
  return engine.log
    .read(sink, 0, 0, 10_000_000)
    .map((r) => ({ key: r.key, value: r.value === null ? null : (JSON.parse(r.value.toString('utf8')) as Record<string, unknown>) }));
}

function values(ds: Dataset): Record<string, unknown>[] {
  const p = ds.input;
  const out: Record<string, unknown>[] = [];
  for (let i = 0, start = 0; i < p.count; start = p.valueEnds[i]!, i++) out.push(JSON.parse(p.values.toString('utf8', start, p.valueEnds[i]!)) as Record<string, unknown>);
  return out;
}

/** The latest value per key (for windowed keys, per key and window). */
function latest(out: Out[]): Map<string, Record<string, unknown> | null> {
  const m = new Map<string, Record<string, unknown> | null>();
  for (const o of out) m.set(o.key!.toString('hex'), o.value);
  return m;
}

describe('the benchmark data sets', () => {
  it('make the requested number of input records, with Nexmark persons and auctions in their own topics', () => {
    expect(orders.input.count).toBe(20_000);
    expect(nexmark.input.count).toBe(5000);
    expect(nexmark.topics.map((t) => [t.topic, t.records.count])).toEqual([
      ['nexmark-person', 109],
      ['nexmark-auction', 327],
      ['nexmark-bid', 5000],
    ]);
  });
});

describe('the ksqlDB-style workloads', () => {
  const input = values(orders);

  it('filter-project keeps orders of more than 3 items, with their total', async () => {
    const out = await run('filter-project', orders);
    const want = input.filter((v) => (v['QTY'] as number) > 3);
    expect(out.length).toBe(want.length);
    expect(out[0]!.value).toEqual({ ORDER_ID: want[0]!['ORDER_ID'], ITEM: want[0]!['ITEM'], TOTAL: (want[0]!['QTY'] as number) * (want[0]!['PRICE'] as number) });
  });

  it('function-projection computes five functions per order', async () => {
    const out = await run('function-projection', orders);
    expect(out.length).toBe(20_000);
    expect(out[1]!.value).toEqual({
      ITEM_UC: 'INK',
      NOTE_START: 'express',
      LABEL: 'customer-1/ink',
      CREATED: '2023-11-14 22:13:20.001',
      NOTE_LEN: 26,
    });
  });

  it('groupby-count and groupby-sum end with each customer\'s count and sum', async () => {
    const counts = latest(await run('groupby-count', orders));
    expect(counts.size).toBe(10_000);
    expect(new Set([...counts.values()].map((v) => v!['ORDERS']))).toEqual(new Set([2]));
    const sums = latest(await run('groupby-sum', orders));
    const want = new Map<string, number>();
    for (const v of input) want.set(v['CUSTOMER'] as string, (want.get(v['CUSTOMER'] as string) ?? 0) + (v['PRICE'] as number));
    expect(sums.get(Buffer.from('customer-42').toString('hex'))).toEqual({ REVENUE: want.get('customer-42') });
  });

  it('tumbling-count counts each customer\'s orders per minute', async () => {
    const out = await run('tumbling-count', orders);
    // 20 s of orders inside one minute window, one batch: the record cache writes each customer's
    // window once, at 2.
    expect(out.length).toBe(10_000);
    const finals = latest(out);
    expect(finals.size).toBe(10_000);
    expect(new Set([...finals.values()].map((v) => v!['ORDERS']))).toEqual(new Set([2]));
  });
});

describe('the Nexmark workloads', () => {
  const bids = values(nexmark) as unknown as Bid[];

  it('q0 passes every bid through unchanged', async () => {
    const out = await run('nexmark-q0', nexmark);
    expect(out.length).toBe(5000);
    const b = bids[17]!;
    expect(out[17]!.value).toEqual({ AUCTION: b.auction, BIDDER: b.bidder, PRICE: b.price, CHANNEL: b.channel, URL: b.url, DATETIME: b.dateTime, EXTRA: b.extra });
  });

  it('q1 converts prices to euros', async () => {
    const out = await run('nexmark-q1', nexmark);
    expect(out.length).toBe(5000);
    out.forEach((o, i) => expect(o.value!['PRICE']).toBeCloseTo(bids[i]!.price * 0.908, 6));
  });

  it('q2 keeps the bids on every 123rd auction', async () => {
    const out = await run('nexmark-q2', nexmark);
    const want = bids.filter((b) => b.auction % 123 === 0).map((b) => ({ AUCTION: b.auction, PRICE: b.price }));
    expect(want.length).toBeGreaterThan(0);
    expect(out.map((o) => o.value)).toEqual(want);
  });

  it('q5 counts bids per auction in five overlapping windows each', async () => {
    const out = await run('nexmark-q5', nexmark);
    // 10 s windows advancing by 2 s: each bid updates five windows; the record cache writes each
    // auction's window once per batch (the whole input is one batch).
    const rows = latest(out);
    expect(out.length).toBe(rows.size);
    const total = [...rows.values()].reduce((n, v) => n + (v!['NUM'] as number), 0);
    expect(total).toBe(5 * 5000);
  });
});
