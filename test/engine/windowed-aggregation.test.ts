import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { splitWindow } from '../../src/serde/windowed-key.js';
import type { WindowInfo } from '../../src/catalog/types.js';

let engines: Engine[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const e of engines) await e.close();
  engines = [];
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
/** An engine with the record cache off (unless `opts` sets it): every change of a group reaches the topic. */
function engine(opts: ConstructorParameters<typeof Engine>[0] = { inMemory: true, processingLogStream: false }): Engine {
  const e = new Engine({ ...opts, properties: { 'ksql.streams.cache.max.bytes.buffering': '0', ...opts?.properties } });
  engines.push(e);
  return e;
}

interface WinOut {
  key: string;
  start: number;
  end: number;
  value: unknown;
  ts: number;
}

/** Reads a windowed table's changelog: inner key as text, the window, the JSON value. */
function readWindowed(e: Engine, topic: string, window: WindowInfo): WinOut[] {
  return e.log.read(topic, 0, 0, 10_000).map((r) => {
    const { inner, window: w } = splitWindow(window, r.key!);
    return { key: inner.toString('utf8'), start: w.start, end: w.end, value: r.value === null ? null : JSON.parse(r.value.toString('utf8')), ts: r.timestamp };
  });
}

const CLICKS = `CREATE STREAM clicks (user_id STRING KEY, page STRING) WITH (KAFKA_TOPIC='clicks', PARTITIONS=1, VALUE_FORMAT='JSON');`;

async function click(e: Engine, user: string, ts: number): Promise<void> {
  await e.execute(`INSERT INTO clicks (ROWTIME, user_id, page) VALUES (${ts}, '${user}', '/p');`);
}

describe('tumbling windows', () => {
  it('counts per key and window and writes windowed keys with WINDOWSTART/WINDOWEND in the value', async () => {
    const e = engine();
    await e.execute(CLICKS);
    await e.execute(`CREATE TABLE per_min AS SELECT user_id, WINDOWSTART AS ws, WINDOWEND AS we, COUNT(*) AS n
      FROM clicks WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY user_id;`);
    for (const [u, ts] of [['a', 1000], ['a', 59_999], ['b', 2000], ['a', 60_000]] as const) await click(e, u, ts);
    e.runUntilIdle();
    expect(e.catalog.source('PER_MIN')?.window).toEqual({ type: 'TUMBLING', sizeMs: 60_000 });
    expect(readWindowed(e, 'PER_MIN', { type: 'TUMBLING', sizeMs: 60_000 })).toEqual([
      { key: 'a', start: 0, end: 60_000, value: { WS: 0, WE: 60_000, N: 1 }, ts: 1000 },
      { key: 'a', start: 0, end: 60_000, value: { WS: 0, WE: 60_000, N: 2 }, ts: 59_999 },
      { key: 'b', start: 0, end: 60_000, value: { WS: 0, WE: 60_000, N: 1 }, ts: 2000 },
      { key: 'a', start: 60_000, end: 120_000, value: { WS: 60_000, WE: 120_000, N: 1 }, ts: 60_000 },
    ]);
  });

  it('drops and counts records later than the grace period', async () => {
    const e = engine();
    await e.execute(CLICKS);
    await e.execute(`CREATE TABLE per_sec AS SELECT user_id, COUNT(*) AS n FROM clicks
      WINDOW TUMBLING (SIZE 1 SECOND, GRACE PERIOD 1 SECOND) GROUP BY user_id;`);
    await click(e, 'a', 500);
    await click(e, 'a', 2500); // stream time 2500: window [0,1000) closed at 1000 + 1000
    await click(e, 'a', 900); // late: dropped
    e.runUntilIdle();
    const out = readWindowed(e, 'PER_SEC', { type: 'TUMBLING', sizeMs: 1000 });
    expect(out.map((o) => [o.start, o.value])).toEqual([
      [0, { N: 1 }],
      [2000, { N: 1 }],
    ]);
    const q = [...e.runningQueries()].find((r) => r.id.startsWith('CTAS_PER_SEC'));
    expect(q?.lateRecords).toBe(1);
  });

  it('with EMIT FINAL emits each window once, when stream time passes its end plus grace', async () => {
    const e = engine();
    await e.execute(CLICKS);
    await e.execute(`CREATE TABLE final_counts AS SELECT user_id, COUNT(*) AS n FROM clicks
      WINDOW TUMBLING (SIZE 10 MILLISECONDS) GROUP BY user_id EMIT FINAL;`);
    for (const ts of [1, 2, 3]) await click(e, 'a', ts);
    await click(e, 'b', 5);
    e.runUntilIdle();
    expect(readWindowed(e, 'FINAL_COUNTS', { type: 'TUMBLING', sizeMs: 10 })).toEqual([]);
    await click(e, 'a', 10); // closes [0, 10)
    e.runUntilIdle();
    expect(readWindowed(e, 'FINAL_COUNTS', { type: 'TUMBLING', sizeMs: 10 }).map((o) => [o.key, o.start, o.value, o.ts])).toEqual([
      ['a', 0, { N: 3 }, 3],
      ['b', 0, { N: 1 }, 5],
    ]);
  });
});

describe('hopping windows', () => {
  it('folds a record into every window that contains it', async () => {
    const e = engine();
    await e.execute(CLICKS);
    await e.execute(`CREATE TABLE hops AS SELECT user_id, COUNT(*) AS n FROM clicks
      WINDOW HOPPING (SIZE 10 MILLISECONDS, ADVANCE BY 5 MILLISECONDS) GROUP BY user_id;`);
    await click(e, 'a', 7);
    e.runUntilIdle();
    expect(readWindowed(e, 'HOPS', { type: 'HOPPING', sizeMs: 10 }).map((o) => [o.start, o.end])).toEqual([
      [0, 10],
      [5, 15],
    ]);
  });
});

describe('session windows', () => {
  it('merges sessions within the gap and deletes the merged-away sessions', async () => {
    const e = engine();
    await e.execute(CLICKS);
    await e.execute(`CREATE TABLE sessions AS SELECT user_id, COUNT(*) AS n FROM clicks
      WINDOW SESSION (20 MILLISECONDS) GROUP BY user_id;`);
    await click(e, 'a', 0);
    await click(e, 'a', 30);
    await click(e, 'a', 15); // bridges [0,0] and [30,30]
    e.runUntilIdle();
    expect(readWindowed(e, 'SESSIONS', { type: 'SESSION' }).map((o) => [o.start, o.end, o.value])).toEqual([
      [0, 0, { N: 1 }],
      [30, 30, { N: 1 }],
      [0, 0, null],
      [30, 30, null],
      [0, 30, { N: 3 }],
    ]);
  });
});

describe('windowed state across restarts', () => {
  it('keeps counting windows and closes them for EMIT FINAL after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksqlite-win-'));
    dirs.push(dir);
    let e = engine({ dataDir: dir, processingLogStream: false });
    await e.execute(CLICKS);
    await e.execute(`CREATE TABLE fin AS SELECT user_id, COUNT(*) AS n FROM clicks
      WINDOW TUMBLING (SIZE 10 MILLISECONDS) GROUP BY user_id EMIT FINAL;`);
    await click(e, 'a', 1);
    await click(e, 'a', 2);
    e.runUntilIdle();
    await e.close();
    engines = [];
    e = engine({ dataDir: dir, processingLogStream: false });
    await click(e, 'a', 3);
    await click(e, 'a', 12);
    e.runUntilIdle();
    expect(readWindowed(e, 'FIN', { type: 'TUMBLING', sizeMs: 10 }).map((o) => [o.start, o.value])).toEqual([[0, { N: 3 }]]);
  });
});

describe('windowed aggregations with the record cache on (the default)', () => {
  const cached = (): Engine => engine({ inMemory: true, processingLogStream: false, properties: { 'ksql.streams.cache.max.bytes.buffering': '10000000' } });
  const clicks = (times: readonly number[]): string =>
    times.map((ts) => `INSERT INTO clicks (ROWTIME, user_id, page) VALUES (${ts}, 'u', '/p');`).join('\n');
  const brief = (out: WinOut[]): unknown[] => out.map((o) => [o.start, o.end, o.value, o.ts]);

  it('writes each hopping window of a key once per batch, with its final count, in the order windows last changed', async () => {
    const e = cached();
    await e.execute(CLICKS);
    await e.execute(`CREATE TABLE hops AS SELECT user_id, COUNT(*) AS n FROM clicks WINDOW HOPPING (SIZE 20 SECONDS, ADVANCE BY 10 SECONDS) GROUP BY user_id;`);
    await e.execute(clicks([5000, 10_000, 15_000, 20_000]));
    e.runUntilIdle();
    // Windows [0, 20 s) hold 5, 10 and 15 s; [10 s, 30 s) 10, 15 and 20 s; [20 s, 40 s) 20 s.
    expect(brief(readWindowed(e, 'HOPS', { type: 'HOPPING', sizeMs: 20_000 }))).toEqual([
      [0, 20_000, { N: 3 }, 15_000],
      [10_000, 30_000, { N: 3 }, 20_000],
      [20_000, 40_000, { N: 1 }, 20_000],
    ]);
  });

  it('writes session windows through the record cache: a merged-away session as a tombstone, the merged one once', async () => {
    const e = cached();
    await e.execute(CLICKS);
    await e.execute(`CREATE TABLE sessions AS SELECT user_id, COUNT(*) AS n FROM clicks WINDOW SESSION (10 SECONDS) GROUP BY user_id;`);
    // 1 s and 30 s start two sessions; 8 s joins the first ([1 s, 1 s] becomes [1 s, 8 s]).
    await e.execute(clicks([1000, 30_000, 8000]));
    e.runUntilIdle();
    expect(brief(readWindowed(e, 'SESSIONS', { type: 'SESSION' }))).toEqual([
      [30_000, 30_000, { N: 1 }, 30_000],
      [1000, 1000, null, 1000],
      [1000, 8000, { N: 2 }, 8000],
    ]);
  });

  it('writes one final row per window with EMIT FINAL', async () => {
    const e = cached();
    await e.execute(CLICKS);
    await e.execute(
      `CREATE TABLE finals AS SELECT user_id, COUNT(*) AS n FROM clicks WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY user_id EMIT FINAL;`,
    );
    await e.execute(clicks([1000, 2000, 12_000, 25_000]));
    e.runUntilIdle();
    expect(brief(readWindowed(e, 'FINALS', { type: 'TUMBLING', sizeMs: 10_000 }))).toEqual([
      [0, 10_000, { N: 2 }, 2000],
      [10_000, 20_000, { N: 1 }, 12_000],
    ]);
  });
});
