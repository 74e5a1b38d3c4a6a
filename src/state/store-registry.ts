// Which state stores exist in the shared database: each store owns tables named
// `state_<name>_<kind>`, and one row of `state_stores` records its kind and schema, so reopening a
// store with another shape fails loudly instead of misreading old rows.

import type Database from 'better-sqlite3';
import { KsqlError } from '../errors.js';

export type StoreKind = 'kv' | 'win' | 'ses' | 'mat';

export interface StoreInfo {
  readonly name: string;
  readonly kind: StoreKind;
  /** What the store's tables were created for (JSON); reopening must present the same. */
  readonly schema: string;
}

const LEGAL_NAME = /^[A-Za-z0-9_.-]{1,200}$/;

const REGISTRY_DDL = `
CREATE TABLE IF NOT EXISTS state_stores (
  name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
  kind TEXT NOT NULL,
  schema TEXT NOT NULL,
  cutoff INTEGER
) WITHOUT ROWID`;

/** SQL identifier (quoted) of a store's table; `suffix` distinguishes a store's several tables. */
export function storeTable(name: string, kind: StoreKind, suffix = ''): string {
  return quoteIdent(`state_${name}_${kind}${suffix}`);
}

export function quoteIdent(id: string): string {
  return `"${id.replace(/"/g, '""')}"`;
}

/**
 * Registers a store (creating its tables with `ddl`) or checks that the registered one has the
 * same kind and schema. Returns true when the store already existed.
 */
export function registerStore(db: Database.Database, info: StoreInfo, ddl: string): boolean {
  if (!LEGAL_NAME.test(info.name)) {
    throw new KsqlError(
      'INTERNAL',
      `Invalid state store name '${info.name}': use 1 to 200 characters from a-z, A-Z, 0-9, '_', '.' and '-'`,
    );
  }
  db.exec(REGISTRY_DDL);
  const existing = db.prepare('SELECT name, kind, schema FROM state_stores WHERE name = ?').get(info.name) as
    | StoreInfo
    | undefined;
  if (existing !== undefined) {
    if (existing.name !== info.name || existing.kind !== info.kind || existing.schema !== info.schema) {
      throw new KsqlError(
        'INTERNAL',
        `State store '${info.name}' cannot be opened as a ${kindName(info.kind)} with schema ${info.schema}: ` +
          `store '${existing.name}' exists as a ${kindName(existing.kind)} with schema ${existing.schema}; ` +
          'drop it first (dropStore) or use another name (store names are case-insensitive)',
      );
    }
    db.exec(ddl);
    return true;
  }
  db.exec(ddl);
  db.prepare('INSERT INTO state_stores (name, kind, schema) VALUES (?, ?, ?)').run(info.name, info.kind, info.schema);
  return false;
}

/**
 * The committed retention cutoff of a window, session or windowed-table store (windows ending
 * before it are gone), or -Infinity when it never expired anything.
 */
export function readCutoff(db: Database.Database, name: string): number {
  const v = db.prepare('SELECT cutoff FROM state_stores WHERE name = ?').pluck().get(name) as number | null | undefined;
  return v === null || v === undefined ? -Infinity : v;
}

/** A statement that records a store's cutoff, in the same transaction as the deletions it made. */
export function cutoffWriter(db: Database.Database, name: string): (cutoff: number) => void {
  const stmt = db.prepare<[number, string]>('UPDATE state_stores SET cutoff = ? WHERE name = ?');
  return (cutoff) => void stmt.run(cutoff, name);
}

/** Every registered store, sorted by name. */
export function listStores(db: Database.Database): StoreInfo[] {
  db.exec(REGISTRY_DDL);
  return db.prepare('SELECT name, kind, schema FROM state_stores ORDER BY name').all() as StoreInfo[];
}

/**
 * Drops a store's tables and registration (a store object still open on it must not be used
 * again). Returns false when there was no such store.
 */
export function dropStore(db: Database.Database, name: string): boolean {
  db.exec(REGISTRY_DDL);
  const existing = db.prepare('SELECT name, kind FROM state_stores WHERE name = ?').get(name) as
    | { name: string; kind: StoreKind }
    | undefined;
  if (existing === undefined) return false;
  const drop = db.transaction(() => {
    db.exec(`DROP TABLE IF EXISTS ${storeTable(existing.name, existing.kind)}`);
    db.prepare('DELETE FROM state_stores WHERE name = ?').run(existing.name);
  });
  drop();
  return true;
}

function kindName(kind: StoreKind): string {
  switch (kind) {
    case 'kv':
      return 'key-value store';
    case 'win':
      return 'window store';
    case 'ses':
      return 'session store';
    case 'mat':
      return 'materialized table';
  }
}
