// Ordered materialized tables: rows carry a sort key (partition + serialized key), and queries
// without ORDER BY list rows in its byte order, as ksqlDB's stores do; lazily when iterated.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedLog } from '../../../src/log/embedded/embedded-log.js';
import { MaterializedTable } from '../../../src/state/materialized/materialized-table.js';
import type { TableColumn } from '../../../src/state/materialized/materialized-table.js';
import { INTEGER, STRING } from '../../../src/types/sql-type.js';
import { memoryLog } from '../state-fixtures.js';

const COLUMNS: TableColumn[] = [
  { name: 'ID', type: STRING, key: true },
  { name: 'N', type: INTEGER, key: false },
];

/** Partition (4 bytes) then the key's bytes. */
const sortKey = (partition: number, key: string): Buffer => Buffer.concat([Buffer.from([0, 0, 0, partition]), Buffer.from(key)]);

describe('ordered materialized table', () => {
  let log: EmbeddedLog;
  beforeEach(() => {
    log = memoryLog();
  });
  afterEach(() => log.close());

  it('lists rows partition by partition, in key byte order within a partition', () => {
    const t = MaterializedTable.create(log.db, 'ordered', COLUMNS, false, { ordered: true });
    t.upsert(['b'], [1], 1, undefined, sortKey(0, 'b'));
    t.upsert(['a'], [2], 1, undefined, sortKey(1, 'a'));
    t.upsert(['c'], [3], 1, undefined, sortKey(0, 'c'));
    t.upsert(['10'], [4], 1, undefined, sortKey(0, '10'));
    t.flush();
    expect(t.select().map((r) => r.key[0])).toEqual(['10', 'b', 'c', 'a']);
    expect(t.select({ where: [{ column: 'N', op: '>', value: 1 }] }).map((r) => r.key[0])).toEqual(['10', 'c', 'a']);
    expect(t.select()[0]!.order).toEqual(sortKey(0, '10'));
  });

  it('sorts by the query ORDER BY when given one, and not at all for an empty one', () => {
    const t = MaterializedTable.create(log.db, 'ordered', COLUMNS, false, { ordered: true });
    t.upsert(['b'], [1], 1, undefined, sortKey(1, 'b'));
    t.upsert(['a'], [2], 1, undefined, sortKey(0, 'a'));
    t.flush();
    expect(t.select({ orderBy: [{ column: 'N', descending: true }] }).map((r) => r.key[0])).toEqual(['a', 'b']);
    expect(t.selectSql({ orderBy: [] }).sql).not.toContain('ORDER BY');
    expect(t.selectSql().sql).toContain('ORDER BY "__order"');
  });

  it('keeps a row at its place when its value changes', () => {
    const t = MaterializedTable.create(log.db, 'ordered', COLUMNS, false, { ordered: true });
    t.upsert(['a'], [1], 1, undefined, sortKey(0, 'a'));
    t.upsert(['b'], [1], 1, undefined, sortKey(0, 'b'));
    t.flush();
    t.upsert(['a'], [5], 2, undefined, sortKey(0, 'a'));
    t.flush();
    expect(t.select().map((r) => [r.key[0], r.value[0]])).toEqual([
      ['a', 5],
      ['b', 1],
    ]);
  });

  it('reads rows lazily, so a caller can stop after the first ones', () => {
    const t = MaterializedTable.create(log.db, 'ordered', COLUMNS, false, { ordered: true });
    for (let i = 0; i < 100; i++) t.upsert([`k${String(i).padStart(3, '0')}`], [i], 1, undefined, sortKey(0, `k${String(i).padStart(3, '0')}`));
    t.flush();
    const seen: unknown[] = [];
    for (const r of t.iterate()) {
      seen.push(r.value[0]);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([0, 1, 2]);
    // The statement is free again: the table takes writes.
    t.upsert(['x'], [1], 1, undefined, sortKey(0, 'x'));
    expect(t.flush()).toBe(1);
  });

  it('writes output rows whole, computing a row\'s sort key once per flush from its last write', () => {
    const t = MaterializedTable.create(log.db, 'ordered', COLUMNS, false, { ordered: true });
    const computed: string[] = [];
    const orderOf = (source: Buffer, partition: number | undefined): Buffer => {
      computed.push(source.toString());
      return sortKey(partition ?? 0, source.toString());
    };
    // Output rows hold the key, the value, then more cells (ROWTIME) the table does not store.
    t.upsertRow(['b', 1, 100], 100, undefined, Buffer.from('b'), 1, orderOf);
    t.upsertRow(['a', 1, 101], 101, undefined, Buffer.from('a'), undefined, orderOf);
    t.upsertRow(['b', 2, 102], 102, undefined, Buffer.from('b'), 1, orderOf);
    expect(t.get(['b'])).toMatchObject({ key: ['b'], value: [2], rowtime: 102 });
    expect(t.flush()).toBe(2);
    expect(computed.sort()).toEqual(['a', 'b']);
    expect(t.select().map((r) => [r.key[0], r.value[0], r.rowtime])).toEqual([
      ['a', 1, 101],
      ['b', 2, 102],
    ]);
  });

  it('needs a sort key for every row, and reopens only as an ordered table', () => {
    const t = MaterializedTable.create(log.db, 'ordered', COLUMNS, false, { ordered: true });
    expect(() => t.upsert(['a'], [1], 1)).toThrow(/is ordered: give each row its sort key/);
    expect(() => MaterializedTable.create(log.db, 'ordered', COLUMNS, false)).toThrow(/cannot be opened as a materialized table/);
    expect(MaterializedTable.create(log.db, 'ordered', COLUMNS, false, { ordered: true }).ordered).toBe(true);
  });
});
