// Key-value state store (aggregation state: encoded key -> opaque state) on the shared SQLite
// database. Hot keys live in a bounded in-memory cache; a miss reads SQLite once (absence is cached
// too); `flush` writes only the keys changed since the last flush.

import type Database from 'better-sqlite3';
import { KsqlError } from '../errors.js';
import type { StateStore } from './batch.js';
import { checkCacheSize, trimCache } from './cache.js';
import type { CacheEntry } from './cache.js';
import { defaultStateCodec } from './state-codec.js';
import type { StateCodec, StoredValue } from './state-codec.js';
import { RowWriter } from './row-writer.js';
import { decodeStored, encodeStored } from './changelog.js';
import type { ChangelogSink } from './changelog.js';
import { dropStore, registerStore, storeTable } from './store-registry.js';

const ABSENT: unique symbol = Symbol('absent');
type Absent = typeof ABSENT;

interface KvEntry<V> extends CacheEntry {
  readonly key: string;
  value: V | Absent;
  dirty: boolean;
}

export interface StoreOptions<V> {
  /** Keys kept in memory once flushed (default 100,000); checked after each flush. */
  readonly cacheSize?: number;
  /** How values become bytes (default: serializeState, which takes any aggregate state). */
  readonly codec?: StateCodec<V>;
  /** A description of what the values hold (e.g. aggregate types); reopening with another fails. */
  readonly schema?: string;
}

interface KvStatements {
  readonly get: Database.Statement<[string], StoredValue>;
  readonly exists: Database.Statement<[string], number>;
  readonly upsert: RowWriter;
  readonly delete: Database.Statement<[string]>;
  readonly count: Database.Statement<[], number>;
  readonly firstPage: Database.Statement<[number], [string, StoredValue]>;
  readonly nextPage: Database.Statement<[string, number], [string, StoredValue]>;
}

const PAGE = 512;

/**
 * Values are held by reference: after changing a state object in place, `put` it again, or the
 * change is neither flushed nor safe from eviction. `undefined` is not a storable value.
 */
export class KeyValueStore<V> implements StateStore {
  readonly name: string;
  private readonly cache = new Map<string, KvEntry<V>>();
  private readonly dirty: KvEntry<V>[] = [];
  private readonly sql: KvStatements;
  private readonly codec: StateCodec<V>;
  private readonly cacheSize: number;
  private dropped = false;
  /** The entry the last `get` found: the `put` that follows it (read-modify-write) skips the lookup. */
  private memo: KvEntry<V> | undefined;
  /** Set to receive every row a flush writes or deletes (a changelog topic's record: key, value or null). */
  changelog: ChangelogSink | undefined;

  private constructor(
    private readonly db: Database.Database,
    name: string,
    options: StoreOptions<V>,
  ) {
    this.name = name;
    this.codec = options.codec ?? defaultStateCodec<V>();
    this.cacheSize = checkCacheSize(options.cacheSize);
    const t = storeTable(name, 'kv');
    registerStore(
      db,
      { name, kind: 'kv', schema: options.schema ?? '' },
      `CREATE TABLE IF NOT EXISTS ${t} (key TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID`,
    );
    this.sql = {
      get: db.prepare<[string], StoredValue>(`SELECT value FROM ${t} WHERE key = ?`).pluck(),
      exists: db.prepare<[string], number>(`SELECT 1 FROM ${t} WHERE key = ?`).pluck(),
      upsert: new RowWriter(db, `INSERT OR REPLACE INTO ${t} (key, value)`, '', 2),
      delete: db.prepare<[string]>(`DELETE FROM ${t} WHERE key = ?`),
      count: db.prepare<[], number>(`SELECT count(*) FROM ${t}`).pluck(),
      firstPage: db.prepare<[number], [string, StoredValue]>(`SELECT key, value FROM ${t} ORDER BY key LIMIT ?`).raw(),
      nextPage: db
        .prepare<[string, number], [string, StoredValue]>(`SELECT key, value FROM ${t} WHERE key > ? ORDER BY key LIMIT ?`)
        .raw(),
    };
  }

  /**
   * Opens (creating if needed) the store `name` in the shared database; what an earlier run
   * flushed is there at once (a cold cache reads through). Open stores outside batch transactions.
   */
  static open<V>(db: Database.Database, name: string, options: StoreOptions<V> = {}): KeyValueStore<V> {
    return new KeyValueStore<V>(db, name, options);
  }

  get(key: string): V | undefined {
    const e = this.cache.get(key) ?? this.load(key);
    e.used = true;
    this.memo = e;
    const v = e.value;
    return v === ABSENT ? undefined : v;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  put(key: string, value: V): void {
    if (value === undefined) throw new KsqlError('INTERNAL', `State store '${this.name}' cannot hold undefined; use delete`);
    this.set(key, value);
  }

  delete(key: string): void {
    this.set(key, ABSENT);
  }

  private set(key: string, value: V | Absent): void {
    const memo = this.memo;
    const e = memo !== undefined && memo.key === key ? memo : this.cache.get(key);
    if (e === undefined) {
      const fresh: KvEntry<V> = { key, value, dirty: true, used: true };
      this.cache.set(key, fresh);
      this.dirty.push(fresh);
      return;
    }
    e.value = value;
    e.used = true;
    if (!e.dirty) {
      e.dirty = true;
      this.dirty.push(e);
    }
  }

  private load(key: string): KvEntry<V> {
    this.checkOpen();
    const bytes = this.sql.get.get(key);
    const e: KvEntry<V> = { key, value: bytes === undefined ? ABSENT : this.codec.decode(bytes), dirty: false, used: true };
    this.cache.set(key, e);
    return e;
  }

  /** Writes the keys changed since the last flush; returns how many. Then trims the cache. */
  flush(): number {
    this.checkOpen();
    const { dirty, sql, codec, changelog } = this;
    const n = dirty.length;
    for (let i = 0; i < n; i++) {
      const e = dirty[i]!;
      if (e.value === ABSENT) {
        sql.delete.run(e.key);
        changelog?.(Buffer.from(e.key, 'utf8'), null);
      } else {
        const bytes = codec.encode(e.value);
        sql.upsert.value(e.key);
        sql.upsert.value(bytes);
        changelog?.(Buffer.from(e.key, 'utf8'), encodeStored(bytes));
      }
      e.dirty = false;
    }
    sql.upsert.end();
    dirty.length = 0;
    this.memo = undefined;
    trimCache(this.cache, this.cacheSize);
    return n;
  }

  discard(): void {
    this.cache.clear();
    this.dirty.length = 0;
    this.memo = undefined;
  }

  /** Applies one changelog record straight to SQLite (restoring; call outside batches, then discard()). */
  restore(key: Buffer, value: Buffer | null): void {
    const k = key.toString('utf8');
    if (value === null) this.sql.delete.run(k);
    else {
      this.sql.upsert.value(k);
      this.sql.upsert.value(decodeStored(value));
      this.sql.upsert.end();
    }
  }

  /** Deletes every row (before a restore replays the changelog). */
  clear(): void {
    this.discard();
    this.db.prepare(`DELETE FROM ${storeTable(this.name, 'kv')}`).run();
  }

  /** Number of keys, counting changes not yet flushed. */
  size(): number {
    this.checkOpen();
    let n = this.sql.count.get() ?? 0;
    for (const e of this.dirty) n += (e.value === ABSENT ? 0 : 1) - (this.sql.exists.get(e.key) === undefined ? 0 : 1);
    return n;
  }

  /**
   * Every key and value, flushed or not: stored keys in key order, then keys only in memory.
   * Reads SQLite a page at a time, so the caller may use the database meanwhile; changes made
   * during iteration may or may not be seen.
   */
  *entries(): IterableIterator<[string, V]> {
    this.checkOpen();
    let rows = this.sql.firstPage.all(PAGE);
    while (true) {
      // Cached keys come from the cache below, which may hold newer values.
      for (const [key, bytes] of rows) if (!this.cache.has(key)) yield [key, this.codec.decode(bytes)];
      if (rows.length < PAGE) break;
      rows = this.sql.nextPage.all(rows[rows.length - 1]![0], PAGE);
    }
    for (const e of this.cache.values()) if (e.value !== ABSENT) yield [e.key, e.value];
  }

  /** Number of keys held in memory (for metrics and tests). */
  get cachedKeys(): number {
    return this.cache.size;
  }

  /** Deletes the store's table and registration; the object is unusable afterwards. */
  drop(): void {
    this.discard();
    this.dropped = true;
    dropStore(this.db, this.name);
  }

  private checkOpen(): void {
    if (this.dropped) throw new KsqlError('INTERNAL', `State store '${this.name}' was dropped`);
  }
}
