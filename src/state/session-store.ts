// Session state store for SESSION windows: (encoded key, [start, end]) -> state. A key's sessions
// are cached together (sorted by start), so finding the sessions a record merges with is a scan of
// a short array; flush writes changed sessions and deletes removed ones; retention by session end.

import type Database from 'better-sqlite3';
import { KsqlError } from '../errors.js';
import type { StateStore } from './batch.js';
import { checkCacheSize, trimCache } from './cache.js';
import type { CacheEntry } from './cache.js';
import type { StoreOptions } from './key-value-store.js';
import { RowWriter } from './row-writer.js';
import { defaultStateCodec } from './state-codec.js';
import { boundedKey, decodeStored, encodeStored, splitBoundedKey } from './changelog.js';
import type { ChangelogSink } from './changelog.js';
import type { StateCodec, StoredValue } from './state-codec.js';
import { cutoffWriter, dropStore, quoteIdent, readCutoff, registerStore, storeTable } from './store-registry.js';

/** A session as the store returns it: a fresh object, safe to keep. Both bounds are inclusive. */
export interface StoredSession<V> {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly value: V;
}

interface SessionEntry<V> {
  readonly start: number;
  readonly end: number;
  value: V;
  dirty: boolean;
}

interface KeySessions<V> extends CacheEntry {
  readonly key: string;
  /** Every unexpired session of the key (fully loaded once cached), sorted by start then end. */
  readonly sessions: SessionEntry<V>[];
  /** [start, end] pairs removed since the last flush. */
  readonly removed: number[];
  dirty: boolean;
}

interface SessionStatements {
  readonly load: Database.Statement<[string, number], [number, number, StoredValue]>;
  readonly upsert: RowWriter;
  readonly delete: Database.Statement<[string, number, number]>;
  readonly expire: Database.Statement<[number]>;
  readonly endingIn: Database.Statement<[number, number], [string, number, number, StoredValue]>;
  readonly saveCutoff: (cutoff: number) => void;
}

export class SessionStore<V> implements StateStore {
  readonly name: string;
  private readonly cache = new Map<string, KeySessions<V>>();
  private readonly dirty: KeySessions<V>[] = [];
  private readonly sql: SessionStatements;
  private readonly codec: StateCodec<V>;
  private readonly cacheSize: number;
  /** Sessions with end < cutoff are expired; `appliedCutoff` is what SQLite has. */
  private cutoff: number;
  private appliedCutoff: number;
  private dropped = false;
  /** Set to receive every session a flush writes or deletes, as a changelog record. */
  changelog: ChangelogSink | undefined;

  private constructor(
    private readonly db: Database.Database,
    name: string,
    options: StoreOptions<V>,
  ) {
    this.name = name;
    this.codec = options.codec ?? defaultStateCodec<V>();
    this.cacheSize = checkCacheSize(options.cacheSize);
    const t = storeTable(name, 'ses');
    registerStore(
      db,
      { name, kind: 'ses', schema: options.schema ?? '' },
      `CREATE TABLE IF NOT EXISTS ${t} (key TEXT NOT NULL, ses_start INTEGER NOT NULL, ses_end INTEGER NOT NULL, ` +
        `value BLOB NOT NULL, PRIMARY KEY (key, ses_start, ses_end)) WITHOUT ROWID;\n` +
        `CREATE INDEX IF NOT EXISTS ${quoteIdent(`state_${name}_ses_by_end`)} ON ${t} (ses_end)`,
    );
    this.sql = {
      load: db
        .prepare<[string, number], [number, number, StoredValue]>(
          `SELECT ses_start, ses_end, value FROM ${t} WHERE key = ? AND ses_end >= ? ORDER BY ses_start, ses_end`,
        )
        .raw(),
      upsert: new RowWriter(
        db,
        `INSERT INTO ${t} (key, ses_start, ses_end, value)`,
        'ON CONFLICT (key, ses_start, ses_end) DO UPDATE SET value = excluded.value',
        4,
      ),
      delete: db.prepare<[string, number, number]>(`DELETE FROM ${t} WHERE key = ? AND ses_start = ? AND ses_end = ?`),
      expire: db.prepare<[number]>(`DELETE FROM ${t} WHERE ses_end < ?`),
      endingIn: db
        .prepare<[number, number], [string, number, number, StoredValue]>(
          `SELECT key, ses_start, ses_end, value FROM ${t} WHERE ses_end >= ? AND ses_end < ?`,
        )
        .raw(),
      saveCutoff: cutoffWriter(db, name),
    };
    this.cutoff = this.appliedCutoff = readCutoff(db, name);
  }

  /** Opens (creating if needed) the session store `name`. */
  static open<V>(db: Database.Database, name: string, options: StoreOptions<V> = {}): SessionStore<V> {
    return new SessionStore<V>(db, name, options);
  }

  /**
   * Sessions of `key` with end >= earliestEnd and start <= latestStart, by start: for a record at
   * t with gap g, findSessions(key, t - g, t + g) gives the sessions it merges with.
   */
  findSessions(key: string, earliestEnd: number, latestStart: number): StoredSession<V>[] {
    const ks = this.cache.get(key) ?? this.load(key);
    ks.used = true;
    const out: StoredSession<V>[] = [];
    const minEnd = Math.max(earliestEnd, this.cutoff);
    for (const s of ks.sessions) {
      if (s.start > latestStart) break;
      if (s.end >= minEnd) out.push({ key, start: s.start, end: s.end, value: s.value });
    }
    return out;
  }

  /** Every unexpired session of `key`, by start. */
  sessions(key: string): StoredSession<V>[] {
    return this.findSessions(key, -Infinity, Infinity);
  }

  /** Sets the state of session [start, end] of `key`; an already expired session is ignored. */
  put(key: string, start: number, end: number, value: V): void {
    if (value === undefined) throw new KsqlError('INTERNAL', `Session store '${this.name}' cannot hold undefined; use remove`);
    if (end < start) throw new KsqlError('INTERNAL', `Session [${start}, ${end}] of store '${this.name}' ends before it starts`);
    if (end < this.cutoff) return;
    const ks = this.cache.get(key) ?? this.load(key);
    ks.used = true;
    const list = ks.sessions;
    let i = 0;
    while (i < list.length && (list[i]!.start < start || (list[i]!.start === start && list[i]!.end < end))) i++;
    const at = list[i];
    if (at !== undefined && at.start === start && at.end === end) {
      at.value = value;
      at.dirty = true;
    } else {
      list.splice(i, 0, { start, end, value, dirty: true });
    }
    this.markDirty(ks);
  }

  /** Removes session [start, end] of `key` (nothing happens if there is none). */
  remove(key: string, start: number, end: number): void {
    const ks = this.cache.get(key) ?? this.load(key);
    ks.used = true;
    const list = ks.sessions;
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      if (s.start === start && s.end === end) {
        list.splice(i, 1);
        ks.removed.push(start, end);
        this.markDirty(ks);
        return;
      }
    }
  }

  /**
   * Sessions of every key with fromEnd <= end < toEnd, flushed or not, ordered by end, start,
   * key (for EMIT FINAL). Cost: an index range read plus the keys changed since the last flush.
   */
  sessionsEndingIn(fromEnd: number, toEnd: number): StoredSession<V>[] {
    this.checkOpen();
    const from = Math.max(fromEnd, this.cutoff);
    const out: StoredSession<V>[] = [];
    if (!(from < toEnd)) return out;
    const changed = new Set<string>();
    for (const ks of this.dirty) changed.add(ks.key);
    for (const [key, start, end, bytes] of this.sql.endingIn.all(from, toEnd)) {
      if (!changed.has(key)) out.push({ key, start, end, value: this.codec.decode(bytes) });
    }
    for (const ks of this.dirty) {
      for (const s of ks.sessions) {
        if (s.end >= from && s.end < toEnd) out.push({ key: ks.key, start: s.start, end: s.end, value: s.value });
      }
    }
    return out.sort(byEndStartKey);
  }

  /** Expires every session whose end < cutoff (pass stream time minus retention); applied at flush. */
  expire(cutoff: number): void {
    if (cutoff > this.cutoff) this.cutoff = cutoff;
  }

  private markDirty(ks: KeySessions<V>): void {
    if (!ks.dirty) {
      ks.dirty = true;
      this.dirty.push(ks);
    }
  }

  private load(key: string): KeySessions<V> {
    this.checkOpen();
    const sessions: SessionEntry<V>[] = [];
    for (const [start, end, bytes] of this.sql.load.all(key, this.cutoff)) {
      sessions.push({ start, end, value: this.codec.decode(bytes), dirty: false });
    }
    const ks: KeySessions<V> = { key, sessions, removed: [], dirty: false, used: true };
    this.cache.set(key, ks);
    return ks;
  }

  /** Applies expiry, deletes removed and writes changed sessions (returns how many), trims the cache. */
  flush(): number {
    this.checkOpen();
    const { sql, codec, cutoff } = this;
    if (cutoff > this.appliedCutoff) {
      sql.expire.run(cutoff);
      sql.saveCutoff(cutoff);
      this.appliedCutoff = cutoff;
    }
    let written = 0;
    for (const ks of this.dirty) {
      const { removed, sessions } = ks;
      for (let i = 0; i < removed.length; i += 2) {
        sql.delete.run(ks.key, removed[i]!, removed[i + 1]!);
        this.changelog?.(boundedKey([removed[i]!, removed[i + 1]!], ks.key), null);
      }
      written += removed.length / 2;
      removed.length = 0;
      let keep = 0;
      for (let i = 0; i < sessions.length; i++) {
        const s = sessions[i]!;
        if (s.end < cutoff) continue;
        if (s.dirty) {
          const bytes = codec.encode(s.value);
          sql.upsert.value(ks.key);
          sql.upsert.value(s.start);
          sql.upsert.value(s.end);
          sql.upsert.value(bytes);
          this.changelog?.(boundedKey([s.start, s.end], ks.key), encodeStored(bytes));
          s.dirty = false;
          written++;
        }
        sessions[keep++] = s;
      }
      sessions.length = keep;
      ks.dirty = false;
    }
    sql.upsert.end();
    this.dirty.length = 0;
    trimCache(this.cache, this.cacheSize);
    return written;
  }

  discard(): void {
    this.cache.clear();
    this.dirty.length = 0;
    this.cutoff = this.appliedCutoff = readCutoff(this.db, this.name);
  }

  /** Applies one changelog record straight to SQLite (restoring; call outside batches, then discard()). */
  restore(key: Buffer, value: Buffer | null): void {
    const { bounds, key: k } = splitBoundedKey(key, 2);
    if (value === null) this.sql.delete.run(k, bounds[0]!, bounds[1]!);
    else {
      this.sql.upsert.value(k);
      this.sql.upsert.value(bounds[0]!);
      this.sql.upsert.value(bounds[1]!);
      this.sql.upsert.value(decodeStored(value));
      this.sql.upsert.end();
    }
  }

  /** Deletes every session (before a restore replays the changelog). */
  clear(): void {
    this.db.prepare(`DELETE FROM ${storeTable(this.name, 'ses')}`).run();
    this.discard();
  }

  get cachedKeys(): number {
    return this.cache.size;
  }

  drop(): void {
    this.discard();
    this.dropped = true;
    dropStore(this.db, this.name);
  }

  private checkOpen(): void {
    if (this.dropped) throw new KsqlError('INTERNAL', `State store '${this.name}' was dropped`);
  }
}

function byEndStartKey(a: StoredSession<unknown>, b: StoredSession<unknown>): number {
  return a.end - b.end || a.start - b.start || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
