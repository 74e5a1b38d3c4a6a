// Kafka mode's queryable table without a broker: each partition's share is written in its batch,
// changelogged, cleared alone and rebuilt from its changelog records, and a row filter keeps the
// rows of the partitions an instance answers for.

import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExecContext } from '../../src/engine/context.js';
import { KafkaTable, MATERIALIZE_STORE } from '../../src/engine/kafka-materialize.js';
import type { PartitionMirror } from '../../src/engine/kafka-materialize.js';
import { INTEGER, STRING } from '../../src/types/sql-type.js';

const dbs: Database.Database[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

/** A table over an in-memory database; the Kafka runtime only names it in the registry here. */
function table(): { t: KafkaTable; db: Database.Database } {
  const db = new Database(':memory:');
  dbs.push(db);
  const ctx = { log: { db }, kafka: {} } as unknown as ExecContext;
  const t = new KafkaTable(ctx, {
    owner: 'CTAS_T_1',
    groupId: 'g',
    topic: 't',
    stage: 'CTAS_T_1',
    changelogTopic: 't-Materialize-changelog',
    partitions: 2,
    columns: [
      { name: 'ID', type: INTEGER, key: true },
      { name: 'NAME', type: STRING, key: false },
    ],
    windowed: false,
  });
  return { t, db };
}

function mirror(t: KafkaTable, p: number, changes: [Buffer, Buffer | null][]): PartitionMirror {
  const m = t.partitionStores(p).get(MATERIALIZE_STORE) as PartitionMirror;
  m.changelog = (k, v) => changes.push([k, v]);
  return m;
}

const key = (id: number): Buffer => Buffer.from([0, 0, 0, id]);
const rows = (t: KafkaTable): unknown[] => t.table.select({}).map((r) => [...r.key, ...r.value]);

describe('Kafka-mode queryable tables', () => {
  it('writes each partition\'s rows in its batch and logs them for its changelog', () => {
    const { t, db } = table();
    const log0: [Buffer, Buffer | null][] = [];
    const log1: [Buffer, Buffer | null][] = [];
    const m0 = mirror(t, 0, log0);
    const m1 = mirror(t, 1, log1);
    m0.write([1], ['one'], 10, undefined, key(1));
    m1.write([2], ['two'], 20, undefined, key(2));
    expect(rows(t)).toEqual([]);
    db.transaction(() => {
      m0.flush();
      m1.flush();
    })();
    // Sorted partition by partition.
    expect(rows(t)).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    expect(log0).toHaveLength(1);
    expect(log1).toHaveLength(1);
  });

  it('clears one partition alone and rebuilds it from its changelog, deletes included', () => {
    const { t, db } = table();
    const log0: [Buffer, Buffer | null][] = [];
    const m0 = mirror(t, 0, log0);
    const m1 = mirror(t, 1, []);
    m0.write([1], ['one'], 10, undefined, key(1));
    m0.write([3], ['three'], 11, undefined, key(3));
    m1.write([2], ['two'], 20, undefined, key(2));
    db.transaction(() => {
      m0.flush();
      m1.flush();
    })();
    m0.write([3], null, 12, undefined, key(3));
    m0.write([1], ['uno'], 13, undefined, key(1));
    db.transaction(() => m0.flush())();
    expect(rows(t)).toEqual([
      [1, 'uno'],
      [2, 'two'],
    ]);

    m0.clear();
    expect(rows(t)).toEqual([[2, 'two']]);
    db.transaction(() => {
      for (const [k, v] of log0) m0.restore(k, v);
    })();
    m0.discard();
    expect(rows(t)).toEqual([
      [1, 'uno'],
      [2, 'two'],
    ]);
    expect(t.table.get([1])?.rowtime).toBe(13);
  });

  it('keeps only the rows of the partitions asked for', () => {
    const { t, db } = table();
    const m0 = mirror(t, 0, []);
    const m1 = mirror(t, 1, []);
    m0.write([1], ['one'], 10, undefined, key(1));
    m1.write([2], ['two'], 20, undefined, key(2));
    db.transaction(() => {
      m0.flush();
      m1.flush();
    })();
    const accept = KafkaTable.inPartitions(new Set([1]));
    expect(t.table.select({}).filter(accept).map((r) => r.key)).toEqual([[2]]);
  });
});
