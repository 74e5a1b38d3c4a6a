// The catalog (metastore): sources, custom types and persistent queries, in memory, with the
// command log that persists the statements which built it so a restart can replay them.

import type Database from 'better-sqlite3';
import { KsqlError } from '../errors.js';
import type { Loc } from '../sql/ast.js';
import type { SqlType } from '../types/sql-type.js';
import type { DataSource, PersistentQueryInfo } from './types.js';

export interface CommandEntry {
  readonly seq: number;
  readonly statement: string;
  /** Session properties in force when it ran, and the ids it was given, so replay is faithful. */
  readonly context: { readonly properties: Record<string, string>; readonly queryId?: string };
}

export class Catalog {
  readonly sources = new Map<string, DataSource>();
  readonly types = new Map<string, SqlType>();
  readonly queries = new Map<string, PersistentQueryInfo>();

  constructor(private readonly db: Database.Database | undefined) {
    db?.exec(`CREATE TABLE IF NOT EXISTS ksqlite_commands (
      seq INTEGER PRIMARY KEY, statement TEXT NOT NULL, context TEXT NOT NULL)`);
  }

  source(name: string): DataSource | undefined {
    return this.sources.get(name);
  }

  requireSource(name: string, loc?: Loc): DataSource {
    const s = this.sources.get(name);
    if (!s) {
      const where = loc ? `Line: ${loc.line}, Col: ${loc.column}: ` : '';
      throw new KsqlError('UNKNOWN_SOURCE', `${where}Source \`${name}\` does not exist.`, loc);
    }
    return s;
  }

  sourcesOnTopic(topic: string): DataSource[] {
    return [...this.sources.values()].filter((s) => s.topic === topic);
  }

  /** Queries reading or writing a source. */
  queriesUsing(name: string): { readers: PersistentQueryInfo[]; writers: PersistentQueryInfo[] } {
    const all = [...this.queries.values()];
    return { readers: all.filter((q) => q.sources.includes(name)), writers: all.filter((q) => q.sink === name) };
  }

  // ---- command log ----

  commands(): CommandEntry[] {
    if (!this.db) return [];
    const rows = this.db.prepare('SELECT seq, statement, context FROM ksqlite_commands ORDER BY seq').all() as {
      seq: number;
      statement: string;
      context: string;
    }[];
    return rows.map((r) => ({ seq: r.seq, statement: r.statement, context: JSON.parse(r.context) as CommandEntry['context'] }));
  }

  appendCommand(statement: string, context: CommandEntry['context']): number {
    if (!this.db) return this.queries.size + this.sources.size;
    const info = this.db.prepare('INSERT INTO ksqlite_commands (statement, context) VALUES (?, ?)').run(statement, JSON.stringify(context));
    return Number(info.lastInsertRowid);
  }

  nextSequence(): number {
    if (!this.db) return 0;
    const row = this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM ksqlite_commands').get() as { s: number };
    return row.s;
  }
}
