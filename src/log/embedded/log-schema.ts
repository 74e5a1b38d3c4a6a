// The embedded log's tables in the shared SQLite database, and the statements prepared once on them.
// Tables are prefixed `log_` because the catalog and the state stores live in the same file.

import type Database from 'better-sqlite3';

/*
 * log_batches holds one row per produced batch per partition (records framed by record-batch.ts),
 * keyed by the batch's last offset: `last_offset >= ?` then finds, in one index range scan, the
 * batch holding a given offset followed by every later batch. Topic ids are never reused
 * (AUTOINCREMENT), so a re-created topic can never see rows of its predecessor.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS log_topics (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  partitions INTEGER NOT NULL,
  replicas INTEGER NOT NULL,
  cleanup_policy TEXT NOT NULL,
  retention_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS log_batches (
  topic_id INTEGER NOT NULL,
  partition INTEGER NOT NULL,
  last_offset INTEGER NOT NULL,
  base_offset INTEGER NOT NULL,
  max_timestamp INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS log_batches_by_offset ON log_batches (topic_id, partition, last_offset);
CREATE TABLE IF NOT EXISTS log_group_offsets (
  group_id TEXT NOT NULL,
  topic TEXT NOT NULL,
  partition INTEGER NOT NULL,
  next_offset INTEGER NOT NULL,
  PRIMARY KEY (group_id, topic, partition)
) WITHOUT ROWID;
`;

export interface TopicRow {
  readonly id: number;
  readonly name: string;
  readonly partitions: number;
  readonly replicas: number;
  readonly cleanup_policy: string;
  readonly retention_ms: number;
}

type Stmt<P extends unknown[], R = unknown> = Database.Statement<P, R>;

/** Every statement the log runs, prepared once when the log opens. */
export interface LogStatements {
  readonly topicByName: Stmt<[string], TopicRow>;
  readonly allTopics: Stmt<[], TopicRow>;
  readonly insertTopic: Stmt<[string, number, number, string, number]>;
  readonly deleteTopic: Stmt<[number]>;
  readonly deleteTopicBatches: Stmt<[number]>;
  readonly deleteTopicOffsets: Stmt<[string]>;
  readonly insertBatch: Stmt<[number, number, number, number, number, Buffer]>;
  /** Raw rows [base_offset, data] from the batch holding an offset onwards. */
  readonly batchesFrom: Stmt<[number, number, number], [number, Buffer]>;
  readonly lastOffset: Stmt<[number, number], number>;
  readonly firstBaseOffset: Stmt<[number, number], number>;
  readonly firstUnexpired: Stmt<[number, number, number], number | null>;
  readonly deleteBatchesBefore: Stmt<[number, number, number]>;
  readonly countRecordsBefore: Stmt<[number, number, number], number | null>;
  readonly commitOffset: Stmt<[string, string, number, number]>;
  readonly committedOffset: Stmt<[string, string, number], number>;
  readonly deleteGroup: Stmt<[string]>;
}

export function createSchema(db: Database.Database): LogStatements {
  db.exec(DDL);
  return {
    topicByName: db.prepare<[string], TopicRow>('SELECT * FROM log_topics WHERE name = ?'),
    allTopics: db.prepare<[], TopicRow>('SELECT * FROM log_topics ORDER BY name'),
    insertTopic: db.prepare(
      'INSERT INTO log_topics (name, partitions, replicas, cleanup_policy, retention_ms) VALUES (?, ?, ?, ?, ?)',
    ),
    deleteTopic: db.prepare('DELETE FROM log_topics WHERE id = ?'),
    deleteTopicBatches: db.prepare('DELETE FROM log_batches WHERE topic_id = ?'),
    deleteTopicOffsets: db.prepare('DELETE FROM log_group_offsets WHERE topic = ?'),
    insertBatch: db.prepare(
      'INSERT INTO log_batches (topic_id, partition, last_offset, base_offset, max_timestamp, data) ' +
        'VALUES (?, ?, ?, ?, ?, ?)',
    ),
    batchesFrom: db
      .prepare<[number, number, number], [number, Buffer]>(
        'SELECT base_offset, data FROM log_batches ' +
          'WHERE topic_id = ? AND partition = ? AND last_offset >= ? ORDER BY last_offset',
      )
      .raw(true),
    lastOffset: db
      .prepare<[number, number], number>(
        'SELECT last_offset FROM log_batches WHERE topic_id = ? AND partition = ? ORDER BY last_offset DESC LIMIT 1',
      )
      .pluck(true),
    firstBaseOffset: db
      .prepare<[number, number], number>(
        'SELECT base_offset FROM log_batches WHERE topic_id = ? AND partition = ? ORDER BY last_offset LIMIT 1',
      )
      .pluck(true),
    firstUnexpired: db
      .prepare<[number, number, number], number | null>(
        'SELECT min(last_offset) FROM log_batches WHERE topic_id = ? AND partition = ? AND max_timestamp >= ?',
      )
      .pluck(true),
    deleteBatchesBefore: db.prepare(
      'DELETE FROM log_batches WHERE topic_id = ? AND partition = ? AND last_offset < ?',
    ),
    countRecordsBefore: db
      .prepare<[number, number, number], number | null>(
        'SELECT sum(last_offset - base_offset + 1) FROM log_batches ' +
          'WHERE topic_id = ? AND partition = ? AND last_offset < ?',
      )
      .pluck(true),
    commitOffset: db.prepare(
      'INSERT INTO log_group_offsets (group_id, topic, partition, next_offset) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = excluded.next_offset',
    ),
    committedOffset: db
      .prepare<[string, string, number], number>(
        'SELECT next_offset FROM log_group_offsets WHERE group_id = ? AND topic = ? AND partition = ?',
      )
      .pluck(true),
    deleteGroup: db.prepare('DELETE FROM log_group_offsets WHERE group_id = ?'),
  };
}
