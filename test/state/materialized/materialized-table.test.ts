// Materialized tables: typed SQLite tables that hold a table's rows exactly, buffer a batch's
// writes until flush, allow NULL key columns, keep windows until retention, and persist.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedLog } from '../../../src/log/embedded/embedded-log.js';
import { MaterializedTable } from '../../../src/state/materialized/materialized-table.js';
import type { TableColumn } from '../../../src/state/materialized/materialized-table.js';
import { listStores } from '../../../src/state/store-registry.js';
import {
  array, BIGINT, BOOLEAN, BYTES, DATE, decimal, DOUBLE, INTEGER, map, STRING, struct, TIME, TIMESTAMP,
} from '../../../src/types/sql-type.js';
import type { Decimal } from '../../../src/types/values.js';
import { DecimalContext } from '../../../src/types/values.js';
import { memoryLog } from '../state-fixtures.js';

const USERS: TableColumn[] = [
  { name: 'ID', type: STRING, key: true },
  { name: 'NAME', type: STRING, key: false },
  { name: 'AGE', type: INTEGER, key: false },
];

describe('materialized table', () => {
  let log: EmbeddedLog;
  beforeEach(() => {
    log = memoryLog();
  });
  afterEach(() => log.close());

  it('buffers upserts until flush, while get already sees them', () => {
    const t = MaterializedTable.create(log.db, 'users', USERS, false);
    t.upsert(['u1'], ['Ann', 30], 1000);
    expect(t.get(['u1'])).toEqual({ key: ['u1'], value: ['Ann', 30], rowtime: 1000, window: null });
    expect(t.size()).toBe(0);
    expect(t.flush()).toBe(1);
    expect(t.size()).toBe(1);
    expect(t.get(['u1'])).toEqual({ key: ['u1'], value: ['Ann', 30], rowtime: 1000, window: null });
  });

  it('is a plain SQLite table with one typed column per table column', () => {
    const t = MaterializedTable.create(log.db, 'users', USERS, false);
    t.upsert(['u1'], ['Ann', 30], 1000);
    t.flush();
    const row = log.db.prepare('SELECT "ID", "NAME", "AGE", typeof("AGE") AS ageType, "ROWTIME" FROM "state_users_mat"').get();
    expect(row).toEqual({ ID: 'u1', NAME: 'Ann', AGE: 30, ageType: 'integer', ROWTIME: 1000 });
  });

  it('nets out an upsert and a delete of the same key in one batch', () => {
    const t = MaterializedTable.create(log.db, 'users', USERS, false);
    t.upsert(['u1'], ['Ann', 30], 1);
    t.upsert(['u2'], ['Bob', 40], 1);
    t.flush();
    t.upsert(['u1'], ['Ann', 31], 2);
    t.delete(['u1']);
    t.delete(['u2']);
    t.upsert(['u2'], ['Bob', 41], 2);
    t.upsert(['u3'], ['Cy', 1], 2);
    t.delete(['u3']);
    expect(t.get(['u1'])).toBeUndefined();
    t.flush();
    expect(t.select().map((r) => [...r.key, ...r.value])).toEqual([['u2', 'Bob', 41]]);
  });

  it('stores every SQL type and reads back the exact engine values', () => {
    const point = struct([
      { name: 'X', type: DOUBLE },
      { name: 'TAGS', type: array(STRING) },
    ]);
    const columns: TableColumn[] = [
      { name: 'K', type: BIGINT, key: true },
      { name: 'B', type: BOOLEAN, key: false },
      { name: 'I', type: INTEGER, key: false },
      { name: 'L', type: BIGINT, key: false },
      { name: 'D', type: DOUBLE, key: false },
      { name: 'DEC', type: decimal(20, 4), key: false },
      { name: 'S', type: STRING, key: false },
      { name: 'BY', type: BYTES, key: false },
      { name: 'DT', type: DATE, key: false },
      { name: 'TM', type: TIME, key: false },
      { name: 'TS', type: TIMESTAMP, key: false },
      { name: 'ARR', type: array(BIGINT), key: false },
      { name: 'M', type: map(STRING, decimal(4, 2)), key: false },
      { name: 'MI', type: map(INTEGER, BYTES), key: false },
      { name: 'P', type: point, key: false },
    ];
    const t = MaterializedTable.create(log.db, 'all_types', columns, false);
    const value = [
      false,
      -7,
      -(2n ** 63n),
      1.5,
      new DecimalContext('-1234567890123456.7891'),
      'text ✓',
      Buffer.from([0, 255]),
      19_000,
      3_600_000,
      1_700_000_000_123,
      [1, 2n ** 62n, null],
      new Map<unknown, unknown>([['a', new DecimalContext('1.50')]]),
      new Map<unknown, unknown>([[3, Buffer.from('x')]]),
      { X: Infinity, TAGS: ['q'] },
    ];
    t.upsert([9007199254740993n], value, 5);
    t.flush();
    const back = t.get([9007199254740993n])!;
    expect(back.key).toEqual([9007199254740993n]);
    expect(back.value).toEqual(value);
    expect((back.value[4] as Decimal).toFixed()).toBe('-1234567890123456.7891');
    expect(t.get([9007199254740992n])).toBeUndefined();
    t.upsert([1], columns.slice(1).map(() => null), 6);
    t.flush();
    expect(t.get([1])!.value).toEqual(columns.slice(1).map(() => null));
  });

  it('keeps rows whose multi-column key has a NULL part apart, and replaces them on upsert', () => {
    const cols: TableColumn[] = [
      { name: 'K', type: INTEGER, key: true },
      { name: 'K2', type: INTEGER, key: true },
      { name: 'V', type: STRING, key: false },
    ];
    const t = MaterializedTable.create(log.db, 'multi', cols, false);
    t.upsert([null, 2], ['a'], 1);
    t.upsert([2, null], ['b'], 1);
    t.flush();
    t.upsert([null, 2], ['c'], 2);
    t.flush();
    expect(t.size()).toBe(2);
    expect(t.get([null, 2])?.value).toEqual(['c']);
    expect(t.get([2, null])?.value).toEqual(['b']);
  });

  it('gives case-colliding column names distinct SQL columns', () => {
    const t = MaterializedTable.create(
      log.db,
      'cases',
      [
        { name: 'a', type: STRING, key: true },
        { name: 'A', type: INTEGER, key: false },
      ],
      false,
    );
    t.upsert(['x'], [1], 0);
    t.flush();
    expect(t.select({ where: [{ column: 'A', op: '=', value: 1 }] }).map((r) => r.key)).toEqual([['x']]);
  });

  it('holds one row per key and window, and drops windows past retention', () => {
    const cols: TableColumn[] = [
      { name: 'ID', type: STRING, key: true },
      { name: 'CNT', type: BIGINT, key: false },
    ];
    const t = MaterializedTable.create(log.db, 'win', cols, true);
    t.upsert(['a'], [1], 5, { start: 0, end: 10 });
    t.upsert(['a'], [2], 15, { start: 10, end: 20 });
    t.upsert(['b'], [3], 25, { start: 20, end: 30 });
    t.flush();
    expect(t.get(['a'], { start: 10, end: 20 })).toEqual({ key: ['a'], value: [2], rowtime: 15, window: { start: 10, end: 20 } });
    t.expire(15);
    expect(t.get(['a'], { start: 0, end: 10 })).toBeUndefined();
    expect(t.select({ orderBy: [{ column: 'WINDOWSTART' }] }).map((r) => r.window)).toEqual([
      { start: 10, end: 20 },
      { start: 20, end: 30 },
    ]);
    t.upsert(['c'], [9], 1, { start: 0, end: 10 }); // past retention: dropped
    t.flush();
    expect(t.size()).toBe(2);
    expect(() => t.get(['a'])).toThrow(/is windowed: give the window/);
  });

  it('keeps the latest write of each window of a key within a batch, sessions of one start included', () => {
    const cols: TableColumn[] = [
      { name: 'ID', type: STRING, key: true },
      { name: 'CNT', type: BIGINT, key: false },
    ];
    const t = MaterializedTable.create(log.db, 'win', cols, true);
    t.upsert(['a'], [1], 1, { start: 0, end: 10 });
    t.upsert(['a'], [1], 2, { start: 10, end: 20 });
    t.upsert(['a'], [2], 3, { start: 0, end: 10 });
    // A session that grew: the old one goes, the new one (same start, later end) comes.
    t.upsert(['a'], [1], 4, { start: 30, end: 30 });
    t.delete(['a'], { start: 30, end: 30 });
    t.upsert(['a'], [2], 5, { start: 30, end: 35 });
    expect(t.get(['a'], { start: 0, end: 10 })?.value).toEqual([2]);
    expect(t.get(['a'], { start: 30, end: 30 })).toBeUndefined();
    expect(t.flush()).toBe(4);
    expect(t.select({ orderBy: [{ column: 'WINDOWSTART' }] }).map((r) => [r.window, r.value[0]])).toEqual([
      [{ start: 0, end: 10 }, 2],
      [{ start: 10, end: 20 }, 1],
      [{ start: 30, end: 35 }, 2],
    ]);
  });

  it('reopens with its rows, and refuses a different schema', () => {
    const t = MaterializedTable.create(log.db, 'users', USERS, false);
    t.upsert(['u1'], ['Ann', 30], 1);
    t.flush();
    expect(MaterializedTable.create(log.db, 'users', USERS, false).get(['u1'])?.value).toEqual(['Ann', 30]);
    expect(() => MaterializedTable.create(log.db, 'users', USERS.slice(0, 2), false)).toThrow(/cannot be opened as a materialized table/);
    expect(() => MaterializedTable.create(log.db, 'users', USERS, true)).toThrow(/cannot be opened as a materialized table/);
  });

  it('drops its SQLite table', () => {
    const t = MaterializedTable.create(log.db, 'users', USERS, false);
    t.drop();
    expect(log.db.prepare(`SELECT count(*) FROM sqlite_master WHERE name LIKE 'state_users%'`).pluck().get()).toBe(0);
    expect(listStores(log.db)).toEqual([]);
    expect(() => t.select()).toThrow(/was dropped/);
  });

  it('rejects rows of the wrong width and reserved column names', () => {
    const t = MaterializedTable.create(log.db, 'users', USERS, false);
    expect(() => t.upsert(['u1'], ['Ann'], 1)).toThrow(/has 2 value column\(s\), got 1/);
    expect(() => t.upsert([], ['Ann', 1], 1)).toThrow(/has 1 key column\(s\), got 0/);
    expect(() => MaterializedTable.create(log.db, 'bad', [{ name: 'ROWTIME', type: BIGINT, key: false }], false)).toThrow(/reserved/);
  });
});
