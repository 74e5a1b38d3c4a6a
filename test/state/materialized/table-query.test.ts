// Pull-query SQL over materialized tables: predicates, ORDER BY, LIMIT and OFFSET as bound SQL,
// answered from indexes for key lookups and ranges, with exact typed comparisons.

import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { EmbeddedLog } from '../../../src/log/embedded/embedded-log.js';
import { MaterializedTable } from '../../../src/state/materialized/materialized-table.js';
import type { MaterializedRow } from '../../../src/state/materialized/materialized-table.js';
import { BIGINT, decimal, INTEGER, STRING, struct } from '../../../src/types/sql-type.js';
import { DecimalContext } from '../../../src/types/values.js';
import type { Decimal } from '../../../src/types/values.js';
import { memoryLog } from '../state-fixtures.js';

describe('materialized table queries', () => {
  let log: EmbeddedLog;
  let orders: MaterializedTable;
  beforeEach(() => {
    log = memoryLog();
    orders = MaterializedTable.create(
      log.db,
      'orders',
      [
        { name: 'ID', type: BIGINT, key: true },
        { name: 'CUSTOMER', type: STRING, key: false },
        { name: 'PRICE', type: decimal(10, 2), key: false },
        { name: 'QTY', type: INTEGER, key: false },
        { name: 'ADDRESS', type: struct([{ name: 'CITY', type: STRING }]), key: false },
      ],
      false,
    );
    const prices = ['9.99', '100.00', '-5.50', '10.00', '0.00', '10.01'];
    prices.forEach((p, i) => {
      orders.upsert([i + 1], [`c${i % 3}`, new DecimalContext(p), i === 4 ? null : i * 2, { CITY: 'Oslo' }], 1000 + i);
    });
    orders.upsert([2n ** 62n], ['big', new DecimalContext('1'), 1, null], 2000);
    orders.flush();
  });
  afterEach(() => log.close());

  const ids = (rows: MaterializedRow[]): unknown[] => rows.map((r) => r.key[0]);

  it('looks up keys with =, IN and OR', () => {
    expect(ids(orders.select({ where: [{ column: 'ID', op: '=', value: 3 }] }))).toEqual([3]);
    expect(ids(orders.select({ where: [{ column: 'ID', op: 'IN', values: [5, 1, 99, 2n ** 62n] }], orderBy: [{ column: 'ID' }] }))).toEqual([
      1,
      5,
      2n ** 62n,
    ]);
    const either = orders.select({
      where: [{ op: 'OR', any: [[{ column: 'ID', op: '=', value: 1 }], [{ column: 'ID', op: '>', value: 5 }, { column: 'QTY', op: '<', value: 11 }]] }],
      orderBy: [{ column: 'ID' }],
    });
    expect(ids(either)).toEqual([1, 6, 2n ** 62n]);
  });

  it('scans key ranges and compares BIGINTs beyond 2^53 exactly', () => {
    expect(ids(orders.select({ where: [{ column: 'ID', op: 'BETWEEN', low: 2, high: 4 }], orderBy: [{ column: 'ID', descending: true }] }))).toEqual([4, 3, 2]);
    expect(ids(orders.select({ where: [{ column: 'ID', op: '>', value: 2n ** 62n - 1n }] }))).toEqual([2n ** 62n]);
    expect(ids(orders.select({ where: [{ column: 'ID', op: '>=', value: 2n ** 62n + 1n }] }))).toEqual([]);
  });

  it('compares and orders DECIMAL columns numerically, not as text', () => {
    const cheap = orders.select({ where: [{ column: 'PRICE', op: '<', value: new DecimalContext('10') }], orderBy: [{ column: 'PRICE' }] });
    expect(cheap.map((r) => (r.value[1] as Decimal).toFixed(2))).toEqual(['-5.50', '0.00', '1.00', '9.99']);
    const exact = orders.select({ where: [{ column: 'PRICE', op: '=', value: new DecimalContext('10.0') }] });
    expect(ids(exact)).toEqual([4]);
    const top = orders.select({ orderBy: [{ column: 'PRICE', descending: true }], limit: 2 });
    expect(ids(top)).toEqual([2, 6]);
  });

  it('filters on non-key columns, NULLs included', () => {
    expect(ids(orders.select({ where: [{ column: 'QTY', op: 'IS NULL' }] }))).toEqual([5]);
    expect(ids(orders.select({ where: [{ column: 'ADDRESS', op: 'IS NULL' }] }))).toEqual([2n ** 62n]);
    const c1 = orders.select({ where: [{ column: 'CUSTOMER', op: '=', value: 'c1' }, { column: 'QTY', op: '>=', value: 2 }], orderBy: [{ column: 'ID' }] });
    expect(ids(c1)).toEqual([2]);
    expect(ids(orders.select({ where: [{ column: 'QTY', op: 'NOT IN', values: [0, 2, 4] }], orderBy: [{ column: 'ID' }] }))).toEqual([4, 6, 2n ** 62n]);
  });

  it('pages with LIMIT and OFFSET, and filters on ROWTIME', () => {
    const page = orders.select({ orderBy: [{ column: 'ID' }], limit: 2, offset: 2 });
    expect(ids(page)).toEqual([3, 4]);
    expect(ids(orders.select({ orderBy: [{ column: 'ID' }], offset: 5 }))).toEqual([6, 2n ** 62n]);
    expect(ids(orders.select({ where: [{ column: 'ROWTIME', op: '>=', value: 1005 }], orderBy: [{ column: 'ROWTIME' }] }))).toEqual([6, 2n ** 62n]);
  });

  it('puts NULLs where asked', () => {
    const last = orders.select({ orderBy: [{ column: 'QTY', nulls: 'last' }] });
    expect(last[last.length - 1]!.key).toEqual([5]);
  });

  it('answers key lookups and key ranges from an index', () => {
    const lookup = orders.explain({ where: [{ column: 'ID', op: '=', value: 3 }] }).join('\n');
    expect(lookup).toMatch(/USING (COVERING )?INDEX state_orders_mat_by_key \(ID=\?\)/);
    const range = orders.explain({ where: [{ column: 'ID', op: 'BETWEEN', low: 1, high: 3 }] }).join('\n');
    expect(range).toMatch(/USING (COVERING )?INDEX state_orders_mat_by_key \(ID>\? AND ID<\?\)/);
  });

  it('makes the key index at the first query by key, not before, and finds it again when reopened', () => {
    const indexes = (): string[] =>
      (log.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'state_orders_mat_by_key'`).all() as { name: string }[]).map((r) => r.name);
    // Writes and scans by value columns leave it alone (its writes land all over the key space).
    expect(indexes()).toEqual([]);
    orders.select({ where: [{ column: 'CUSTOMER', op: '=', value: 'c1' }] });
    expect(indexes()).toEqual([]);
    expect(ids(orders.select({ where: [{ op: 'OR', any: [[{ column: 'ID', op: '=', value: 2 }]] }] }))).toEqual([2]);
    expect(indexes()).toEqual(['state_orders_mat_by_key']);
    // Written after its creation: the index sees the new row.
    orders.upsert([7], ['c7', new DecimalContext('7'), 7, null], 3000);
    orders.flush();
    expect(ids(orders.select({ where: [{ column: 'ID', op: '=', value: 7 }] }))).toEqual([7]);
    const reopened = MaterializedTable.create(log.db, 'orders', [
      { name: 'ID', type: BIGINT, key: true },
      { name: 'CUSTOMER', type: STRING, key: false },
      { name: 'PRICE', type: decimal(10, 2), key: false },
      { name: 'QTY', type: INTEGER, key: false },
      { name: 'ADDRESS', type: struct([{ name: 'CITY', type: STRING }]), key: false },
    ], false);
    expect(reopened.explain({ where: [{ column: 'ID', op: '=', value: 3 }] }).join('\n')).toMatch(/INDEX state_orders_mat_by_key \(ID=\?\)/);
  });

  it('makes the key index for an ORDER BY on a key column', () => {
    expect(orders.explain({ orderBy: [{ column: 'ID' }], limit: 1 }).join('\n')).toMatch(/INDEX state_orders_mat_by_key/);
  });

  it('produces SQL with bound parameters, never values spliced into the text', () => {
    const built = orders.selectSql({ where: [{ column: 'CUSTOMER', op: '=', value: "x' OR 1=1 --" }], limit: 3 });
    expect(built.sql).toContain('WHERE "CUSTOMER" = ? LIMIT ? OFFSET ?');
    expect(built.params).toEqual(["x' OR 1=1 --", 3, 0]);
    expect(orders.select({ where: [{ column: 'CUSTOMER', op: '=', value: "x' OR 1=1 --" }] })).toEqual([]);
  });

  it('uses WINDOWSTART bounds with the key on a windowed table', () => {
    const w = MaterializedTable.create(log.db, 'counts', [
      { name: 'K', type: STRING, key: true },
      { name: 'N', type: BIGINT, key: false },
    ], true);
    for (let s = 0; s < 50; s += 10) w.upsert(['a'], [s], s, { start: s, end: s + 10 });
    w.upsert(['b'], [1], 0, { start: 0, end: 10 });
    w.flush();
    const q = {
      where: [
        { column: 'K', op: '=', value: 'a' },
        { column: 'WINDOWSTART', op: '>=', value: 10 },
        { column: 'WINDOWEND', op: '<=', value: 40 },
      ],
      orderBy: [{ column: 'WINDOWSTART' }],
    } as const;
    expect(w.select(q).map((r) => r.window!.start)).toEqual([10, 20, 30]);
    expect(w.explain(q).join('\n')).toMatch(/INDEX state_counts_mat_by_key \(K=\? AND WINDOWSTART>\?\)/);
  });

  it('explains what it cannot do', () => {
    expect(() => orders.select({ where: [{ column: 'NOPE', op: '=', value: 1 }] })).toThrow(/Column 'NOPE' is not in the materialized table; its columns are ID, CUSTOMER/);
    expect(() => orders.select({ where: [{ column: 'ADDRESS', op: '=', value: { CITY: 'Oslo' } }] })).toThrow(
      /Cannot use = on column 'ADDRESS' of type STRUCT<`CITY` STRING> .*filter the returned rows instead/,
    );
    expect(() => orders.select({ limit: -1 })).toThrow(/LIMIT must be a whole number >= 0, got -1/);
  });
});
