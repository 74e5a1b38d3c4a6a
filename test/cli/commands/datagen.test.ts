// `ksqlite datagen`: options, reproducible records of each quickstart, rate and count, and the
// records read back through the CREATE STREAM the command suggests.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generate, parseDatagenArgs, runDatagenCommand } from '../../../cli/commands/datagen.js';
import type { DatagenIo, DatagenOptions } from '../../../cli/commands/datagen.js';
import { QUICKSTARTS } from '../../../cli/commands/datagen-quickstarts.js';
import { Engine } from '../../../src/engine/engine.js';

const engines: Engine[] = [];
let dir: string | undefined;
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
  vi.restoreAllMocks();
});

function engine(): Engine {
  const e = new Engine({ inMemory: true, processingLogStream: false });
  engines.push(e);
  return e;
}

/** A clock that only moves when datagen sleeps, so rates are exact. */
function fakeIo(): DatagenIo & { sleeps: number[]; time: number } {
  const io = {
    time: 1_700_000_000_000,
    sleeps: [] as number[],
    now: () => io.time,
    sleep: async (ms: number) => {
      io.sleeps.push(ms);
      io.time += ms;
    },
    progress: () => undefined,
    stopped: () => false,
  };
  return io;
}

function options(extra: Partial<DatagenOptions>): DatagenOptions {
  return { quickstart: 'pageviews', topic: 'pv', seed: 42, partitions: 1, ...extra };
}

function records(e: Engine, topic: string): { key: string; value: Record<string, unknown> }[] {
  const out: { key: string; value: Record<string, unknown> }[] = [];
  const ends = e.log.endOffsets(topic);
  ends.forEach((end, p) => {
    for (const r of e.log.read(topic, p, 0, end)) out.push({ key: r.key!.toString('hex'), value: JSON.parse(r.value!.toString()) as Record<string, unknown> });
  });
  return out;
}

describe('parseDatagenArgs', () => {
  it('defaults the topic to the quickstart, and the rate to 10/s only when no count is given', () => {
    expect(parseDatagenArgs(['--quickstart', 'users'], 7)).toEqual({ quickstart: 'users', topic: 'users', seed: 7, partitions: 1, rate: 10 });
    expect(parseDatagenArgs(['--quickstart=ORDERS', '--topic', 'o', '--count', '5', '--seed', '3', '--partitions', '4', '--data-dir', 'd'], 7)).toEqual({
      quickstart: 'orders',
      topic: 'o',
      seed: 3,
      partitions: 4,
      count: 5,
      dataDir: 'd',
    });
    expect(parseDatagenArgs(['--quickstart', 'nexmark', '--rate', '0'], 7)).not.toHaveProperty('rate');
  });

  it('explains what is wrong with the arguments', () => {
    expect(parseDatagenArgs([], 1)).toBe('--quickstart is required');
    expect(parseDatagenArgs(['--quickstart', 'clicks'], 1)).toBe("Unknown quickstart 'clicks': choose one of pageviews, users, orders, nexmark");
    expect(parseDatagenArgs(['--quickstart', 'users', '--count', '2.5'], 1)).toBe("--count must be a whole number >= 0, not '2.5'");
    expect(parseDatagenArgs(['--quickstart', 'users', '--partitions', '0'], 1)).toBe('--partitions must be at least 1');
    expect(parseDatagenArgs(['--quickstart', 'users', '--fast'], 1)).toBe('Unknown argument: --fast');
    expect(parseDatagenArgs(['--quickstart'], 1)).toBe('--quickstart needs a value');
  });
});

describe('generate', () => {
  it('creates the topic with the partitions asked for and writes exactly --count records', async () => {
    const e = engine();
    const written = await generate(e.log, options({ count: 250, partitions: 3 }), fakeIo());
    expect(written).toBe(250);
    expect(e.log.describeTopic('pv')?.partitions).toBe(3);
    expect(e.log.endOffsets('pv').reduce((a, b) => a + b, 0)).toBe(250);
  });

  it('writes the same records for the same seed and different ones for another', async () => {
    const a = engine();
    const b = engine();
    const c = engine();
    await generate(a.log, options({ quickstart: 'orders', count: 20 }), fakeIo());
    await generate(b.log, options({ quickstart: 'orders', count: 20 }), fakeIo());
    await generate(c.log, options({ quickstart: 'orders', count: 20, seed: 43 }), fakeIo());
    expect(records(a, 'pv')).toEqual(records(b, 'pv'));
    expect(records(a, 'pv')).not.toEqual(records(c, 'pv'));
  });

  it('keeps to the rate: 30 records at 10/s take three seconds', async () => {
    const e = engine();
    const io = fakeIo();
    const start = io.time;
    await generate(e.log, options({ count: 30, rate: 10 }), io);
    expect(e.log.endOffsets('pv')[0]).toBe(30);
    expect(io.time - start).toBeGreaterThanOrEqual(2900);
    expect(io.time - start).toBeLessThanOrEqual(3000);
  });

  it('stops when told to', async () => {
    const e = engine();
    const io = fakeIo();
    let calls = 0;
    io.stopped = () => ++calls > 3;
    expect(await generate(e.log, options({ rate: 1000 }), io)).toBeGreaterThan(0);
    expect(calls).toBe(4);
  });

  it('keys orders by an INT orderid and pageviews by the user', async () => {
    const e = engine();
    await generate(e.log, options({ quickstart: 'orders', topic: 'o', count: 2 }), fakeIo());
    await generate(e.log, options({ quickstart: 'pageviews', topic: 'p', count: 2 }), fakeIo());
    const [order] = records(e, 'o');
    expect(order!.key).toBe(Number(order!.value.orderid).toString(16).padStart(8, '0'));
    expect(order!.value).toMatchObject({ itemid: expect.stringMatching(/^Item_\d+$/), address: { city: expect.stringMatching(/^City_/) } });
    const [view] = records(e, 'p');
    expect(Buffer.from(view!.key, 'hex').toString()).toBe(view!.value.userid);
  });
});

describe('quickstarts read back through their CREATE STREAM', () => {
  for (const name of Object.keys(QUICKSTARTS)) {
    it(`${name}: every column of the suggested stream has a value for the records written`, async () => {
      const e = engine();
      await generate(e.log, options({ quickstart: name, topic: `${name}_topic`, count: 60 }), fakeIo());
      await e.execute(QUICKSTARTS[name]!.createStatement(`${name}_topic`));
      const q = await e.query(`SELECT * FROM ${name} EMIT CHANGES LIMIT 60;`, { properties: { 'auto.offset.reset': 'earliest' } });
      const rows: unknown[][] = [];
      for await (const row of q) rows.push(row);
      expect(rows).toHaveLength(60);
      const columns = q.header.columns.map((c) => c.name);
      // Nexmark events carry one of person/auction/bid, the other two null.
      const eventColumns = new Set(['PERSON', 'AUCTION', 'BID']);
      for (const row of rows) {
        row.forEach((v, i) => {
          if (!eventColumns.has(columns[i]!)) expect(v, `${columns[i]} of ${JSON.stringify(row)}`).not.toBeNull();
        });
        if (name === 'nexmark') expect(row.filter((v, i) => eventColumns.has(columns[i]!) && v !== null)).toHaveLength(1);
      }
    });
  }
});

describe('runDatagenCommand', () => {
  it('writes into the data directory and says how to read the records', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ksqlite-datagen-'));
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const code = await runDatagenCommand(['--quickstart', 'users', '--count', '40', '--data-dir', dir, '--seed', '5']);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    expect(out.join('')).toMatch(/^Wrote 40 users records to topic 'users' in [\d.]+ s \(seed 5\)\.\nRead them in the shell with:\n {2}CREATE STREAM users /);
    const e = new Engine({ dataDir: dir });
    engines.push(e);
    expect(e.log.endOffsets('users')).toEqual([40]);
  });

  it('names the streams already reading the topic, and leaves their queries caught up', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ksqlite-datagen-'));
    const before = new Engine({ dataDir: dir });
    await before.execute("CREATE STREAM views (userid STRING KEY, viewtime BIGINT, pageid STRING) WITH (KAFKA_TOPIC='pageviews', PARTITIONS=2, VALUE_FORMAT='JSON');");
    await before.execute("CREATE STREAM views_copy AS SELECT userid, pageid FROM views;");
    await before.close();
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    expect(await runDatagenCommand(['--quickstart', 'pageviews', '--count', '25', '--data-dir', dir])).toBe(0);
    vi.restoreAllMocks();
    expect(out.join('')).toContain('Read by: VIEWS.');
    const after = new Engine({ dataDir: dir });
    engines.push(after);
    expect(after.log.endOffsets('pageviews').reduce((a, b) => a + b, 0)).toBe(25);
    expect(after.log.endOffsets('VIEWS_COPY').reduce((a, b) => a + b, 0)).toBe(25);
  });

  it('refuses bad arguments with exit code 2', async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err.push(String(chunk));
      return true;
    });
    expect(await runDatagenCommand(['--quickstart', 'nope'])).toBe(2);
    vi.restoreAllMocks();
    expect(err.join('')).toContain("Unknown quickstart 'nope'");
    expect(err.join('')).toContain('Usage: ksqlite datagen');
  });
});
