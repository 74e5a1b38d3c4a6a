// The quickstart files in samples/: each runs with `ksqlite run FILE --until-idle` to exit 0
// (again and again on the same data), and its derived streams hold what the comments promise.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFileCommand } from '../../cli/commands/run.js';
import { Engine } from '../../src/engine/engine.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ksqlite-samples-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function runSample(name: string): Promise<number> {
  return runFileCommand([join('samples', `${name}.sql`), '--data-dir', dir, '--until-idle']);
}

/** The values of every record of a topic, in partition then offset order. */
async function values(topic: string): Promise<Record<string, unknown>[]> {
  const e = new Engine({ dataDir: dir });
  try {
    const out: Record<string, unknown>[] = [];
    e.log.endOffsets(topic).forEach((end, p) => {
      for (const r of e.log.read(topic, p, 0, end)) out.push(JSON.parse(r.value!.toString()) as Record<string, unknown>);
    });
    return out;
  } finally {
    await e.close();
  }
}

describe('samples', () => {
  it('pageviews.sql keeps the views of the first twenty pages and re-keys views by page', async () => {
    expect(await runSample('pageviews')).toBe(0);
    const top = await values('PAGEVIEWS_TOP20');
    expect(top.map((v) => v.PAGEID).sort()).toEqual(['Page_10', 'Page_10', 'Page_10', 'Page_11', 'Page_19']);
    expect(top.map((v) => v.VIEWED_AT)).toContain('2024-01-01 10:00:00');
    expect(await values('pageviews_by_page')).toHaveLength(10);
  });

  it('users.sql filters two regions and masks ids', async () => {
    expect(await runSample('users')).toBe(0);
    expect((await values('USERS_WEST')).map((v) => v.REGISTERED_ON)).toEqual(['2023-01-01', '2023-02-01', '2023-03-01', '2023-05-01']);
    expect((await values('USERS_PUBLIC'))[0]).toEqual({ MASKED_ID: 'Xxxx_1', GENDER: 'female', ZONE: 'home' });
  });

  it('orders.sql reads into the address struct and computes amounts', async () => {
    expect(await runSample('orders')).toBe(0);
    const large = await values('LARGE_ORDERS');
    expect(large.map((v) => v.SIZE).sort()).toEqual(['L', 'L', 'XL']);
    expect(large.find((v) => v.SIZE === 'XL')).toMatchObject({ ITEMID: 'Item_42', AMOUNT: 119.88, CITY: 'Portland' });
    expect((await values('ORDERS_CA')).map((v) => v.CITY).sort()).toEqual(['Los Angeles', 'Mountain View', 'San Francisco']);
    expect(await values('orders_by_state')).toHaveLength(6);
  });

  it('all three run into one data directory, and run again without failing', async () => {
    for (const name of ['pageviews', 'users', 'orders', 'pageviews', 'users', 'orders']) expect(await runSample(name), name).toBe(0);
    // INSERT VALUES run twice: every derived stream has each record twice.
    expect(await values('LARGE_ORDERS')).toHaveLength(6);
  });
});
