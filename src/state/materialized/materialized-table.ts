// The queryable store of a table: a real SQLite table with one typed column per key and value
// column (plus ROWTIME, and WINDOWSTART/WINDOWEND when windowed), so pull queries are plain SQL
// over indexes. Writes are buffered per batch and applied by flush, in the batch's transaction.

import type Database from 'better-sqlite3';
import { KsqlError } from '../../errors.js';
import type { SqlType } from '../../types/sql-type.js';
import { formatType } from '../../types/sql-type.js';
import type { StateStore } from '../batch.js';
import { keyEncoder } from '../key-codec.js';
import type { KeyEncoder } from '../key-codec.js';
import { RowWriter } from '../row-writer.js';
import { cutoffWriter, dropStore, quoteIdent, readCutoff, registerStore, storeTable } from '../store-registry.js';
import { columnCodec } from './column-codec.js';
import type { ColumnCodec, SqlValue } from './column-codec.js';
import { buildSelect } from './table-query.js';
import type { BuiltQuery, Predicate, QueryColumn, TableQuery } from './table-query.js';

export interface TableColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly key: boolean;
}

/** A window of a windowed table: [start, end) for time windows, [start, end] for sessions. */
export interface TableWindow {
  readonly start: number;
  readonly end: number;
}

export interface MaterializedRow {
  /** Key columns, in the order of the table's key columns. */
  readonly key: unknown[];
  /** Value columns, in the order of the table's value columns. */
  readonly value: unknown[];
  readonly rowtime: number;
  readonly window: TableWindow | null;
  /** The row's sort key, in an ordered table (not for rows read back before a flush). */
  readonly order?: Buffer;
}

/**
 * Computes a row's sort key from what `upsertRow` was given, at flush: a row replaced later in the
 * same batch (most rows of an aggregation) then costs no sort key at all.
 */
export type OrderOf = (source: Buffer, partition: number | undefined) => Buffer;

/**
 * A batch's latest write of one key and window. Rewritten in place when the same row is written
 * again in the batch; the writes of other windows of the same key hang off `next`.
 */
interface PendingWrite {
  /** The encoded key columns (the key of the pending map). */
  readonly key: string;
  readonly window: TableWindow | null;
  /** Key columns are keyCells[0..nk); value columns valueCells[valueAt..valueAt + nv). */
  keyCells: readonly unknown[];
  /** null: delete the row. */
  valueCells: readonly unknown[] | null;
  valueAt: number;
  rowtime: number;
  order: Buffer | null;
  orderSource: Buffer | null;
  orderPartition: number | undefined;
  orderOf: OrderOf | null;
  next: PendingWrite | null;
}

function sameWindow(a: TableWindow | null, b: TableWindow | null): boolean {
  return a === b || (a !== null && b !== null && a.start === b.start && a.end === b.end);
}

export interface MaterializedTableOptions {
  /**
   * Rows carry a sort key (`upsert`'s `order`), and queries without ORDER BY return rows in its
   * byte order. The engine passes the partition and the serialized key, so scans list rows as
   * ksqlDB's stores do (partition by partition, in key byte order).
   */
  readonly ordered?: boolean;
}

/*
 * The primary key is one TEXT column, `__key`: the canonical encoding of the key columns (and
 * window), because ksqlDB allows NULL in a multi-column key, which a typed SQLite primary key
 * cannot hold (WITHOUT ROWID forbids NULLs; rowid tables treat NULLs as distinct, so upserts
 * would duplicate rows). A second index on the typed key columns (+ WINDOWSTART) serves
 * predicates: key lookups, IN lists and range scans. It is made by the first query that needs it
 * (then kept, across restarts too): its writes land all over the key space, which cost windowed
 * tables a third of their write time (a batch's new windows are otherwise written side by side),
 * and most tables are never looked up by key.
 */
const PK = '"__key"';
const ORDER = '"__order"';
const PSEUDO_COLUMNS = ['ROWTIME', 'WINDOWSTART', 'WINDOWEND'];
const RESERVED = ['__key', '__order', ...PSEUDO_COLUMNS];
const STATEMENT_CACHE = 100;

export class MaterializedTable implements StateStore {
  readonly name: string;
  readonly windowed: boolean;
  readonly ordered: boolean;
  /** The DDL of the sort-key index until it exists (see ensureOrderIndex); '' after. */
  private orderIndexDdl = '';
  /** The DDL of the key index until it exists (see ensureKeyIndex); '' after. */
  private keyIndexDdl = '';
  /** Names of the columns the key index starts with (key columns, WINDOWSTART). */
  private readonly keyIndexColumns: ReadonlySet<string>;
  readonly keyColumns: readonly TableColumn[];
  readonly valueColumns: readonly TableColumn[];
  private readonly table: string;
  private readonly keyOf: KeyEncoder;
  private readonly keyCodecs: ColumnCodec[];
  private readonly valueCodecs: ColumnCodec[];
  private readonly queryColumns = new Map<string, QueryColumn>();
  private readonly selectList: string;
  private readonly pending = new Map<string, PendingWrite>();
  private readonly statements = new Map<string, Database.Statement<SqlValue[], SqlValue[]>>();
  private readonly sql: {
    readonly get: Database.Statement<[string], SqlValue[]>;
    readonly upsert: RowWriter;
    readonly delete: Database.Statement<[string]>;
    readonly expire: Database.Statement<[number]> | null;
    readonly count: Database.Statement<[], number>;
    readonly saveCutoff: (cutoff: number) => void;
  };
  /** Windows with end < cutoff are past retention; `appliedCutoff` is what SQLite has. */
  private cutoff: number;
  private appliedCutoff: number;
  private dropped = false;

  private constructor(
    private readonly db: Database.Database,
    name: string,
    columns: readonly TableColumn[],
    windowed: boolean,
    options: MaterializedTableOptions,
  ) {
    this.name = name;
    this.windowed = windowed;
    this.ordered = options.ordered === true;
    this.keyColumns = columns.filter((c) => c.key);
    this.valueColumns = columns.filter((c) => !c.key);
    this.keyOf = keyEncoder(this.keyColumns.map((c) => c.type));
    this.keyCodecs = this.keyColumns.map((c) => columnCodec(c.type));
    this.valueCodecs = this.valueColumns.map((c) => columnCodec(c.type));
    this.table = storeTable(name, 'mat');

    const taken = new Set(RESERVED.map((r) => r.toUpperCase()));
    const ordered = [...this.keyColumns, ...this.valueColumns];
    const codecs = [...this.keyCodecs, ...this.valueCodecs];
    const defs: string[] = [`${PK} TEXT NOT NULL PRIMARY KEY`];
    const sqlNames: string[] = [];
    ordered.forEach((c, i) => {
      if (this.queryColumns.has(c.name)) {
        throw new KsqlError('INTERNAL', `Materialized table '${name}' has two columns named '${c.name}'`);
      }
      if (PSEUDO_COLUMNS.includes(c.name)) {
        throw new KsqlError('INTERNAL', `Materialized table '${name}' cannot have a column named ${c.name}: the name is reserved`);
      }
      const sql = quoteIdent(sqlName(c.name, i, taken));
      sqlNames.push(sql);
      defs.push(`${sql} ${codecs[i]!.sqlType}`);
      this.queryColumns.set(c.name, { name: c.name, sql, type: c.type, codec: codecs[i]! });
    });
    const integer = columnCodec({ kind: 'BIGINT' });
    const extras = windowed ? ['ROWTIME', 'WINDOWSTART', 'WINDOWEND'] : ['ROWTIME'];
    for (const x of extras) {
      defs.push(`${quoteIdent(x)} INTEGER NOT NULL`);
      sqlNames.push(quoteIdent(x));
      this.queryColumns.set(x, { name: x, sql: quoteIdent(x), type: { kind: 'BIGINT' }, codec: integer });
    }
    if (this.ordered) {
      defs.push(`${ORDER} BLOB NOT NULL`);
      sqlNames.push(ORDER);
    }
    this.selectList = sqlNames.join(', ');

    const t = this.table;
    const keyIndex = this.keyColumns.map((c) => this.queryColumns.get(c.name)!.sql);
    if (windowed) keyIndex.push('"WINDOWSTART"');
    let ddl = `CREATE TABLE IF NOT EXISTS ${t} (${defs.join(', ')}) WITHOUT ROWID, STRICT;`;
    const keyIndexName = `state_${name}_mat_by_key`;
    this.keyIndexColumns = new Set([...this.keyColumns.map((c) => c.name), ...(windowed ? ['WINDOWSTART'] : [])]);
    if (keyIndex.length > 0 && !indexExists(db, keyIndexName)) {
      this.keyIndexDdl = `CREATE INDEX IF NOT EXISTS ${quoteIdent(keyIndexName)} ON ${t} (${keyIndex.join(', ')});`;
    }
    if (windowed) ddl += `\nCREATE INDEX IF NOT EXISTS ${quoteIdent(`state_${name}_mat_by_end`)} ON ${t} ("WINDOWEND");`;
    // The sort-key index is made by the first scan that needs it (orderIndex): every write to an
    // indexed table pays for the index, and most tables only ever see key lookups or none.
    this.orderIndexDdl = this.ordered ? `CREATE INDEX IF NOT EXISTS ${quoteIdent(`state_${name}_mat_by_order`)} ON ${t} (${ORDER});` : '';
    const schema = JSON.stringify({
      columns: columns.map((c) => [c.name, formatType(c.type), c.key]),
      windowed,
      ...(this.ordered ? { ordered: true } : {}),
    });
    registerStore(db, { name, kind: 'mat', schema }, ddl);

    this.sql = {
      get: db.prepare<[string], SqlValue[]>(`SELECT ${this.selectList} FROM ${t} WHERE ${PK} = ?`).raw().safeIntegers(true),
      // Updating only value columns and ROWTIME leaves the key index alone (REPLACE would rewrite it).
      upsert: new RowWriter(
        db,
        `INSERT INTO ${t} (${[PK, ...sqlNames].join(', ')})`,
        `ON CONFLICT (${PK}) DO UPDATE SET ${sqlNames
          .slice(this.keyColumns.length, this.keyColumns.length + this.valueColumns.length + 1)
          .map((n) => `${n} = excluded.${n}`)
          .join(', ')}`,
        1 + sqlNames.length,
      ),
      delete: db.prepare<[string]>(`DELETE FROM ${t} WHERE ${PK} = ?`),
      expire: windowed ? db.prepare<[number]>(`DELETE FROM ${t} WHERE "WINDOWEND" < ?`) : null,
      count: db.prepare<[], number>(`SELECT count(*) FROM ${t}`).pluck(),
      saveCutoff: cutoffWriter(db, name),
    };
    this.cutoff = this.appliedCutoff = readCutoff(db, name);
  }

  /**
   * Creates the table `name` (or reopens it, with what earlier runs flushed, if it exists with the
   * same columns). Columns are given in the table's order; `key` marks the PRIMARY KEY columns.
   */
  static create(
    db: Database.Database,
    name: string,
    columns: readonly TableColumn[],
    windowed: boolean,
    options: MaterializedTableOptions = {},
  ): MaterializedTable {
    return new MaterializedTable(db, name, columns, windowed, options);
  }

  /**
   * Inserts or replaces the row of a key (and window); applied at the next flush. The arrays are
   * kept until then, so the caller must not reuse them for another row. An ordered table needs
   * the row's sort key `order`, which must be the same every time for the same key and window.
   */
  upsert(keyRow: readonly unknown[], valueRow: readonly unknown[], rowtime: number, window?: TableWindow, order?: Buffer): void {
    if (keyRow.length !== this.keyColumns.length) throw this.keyCountError(keyRow.length);
    if (valueRow.length !== this.valueColumns.length) {
      throw new KsqlError(
        'INTERNAL',
        `Materialized table '${this.name}' has ${this.valueColumns.length} value column(s), got ${valueRow.length}`,
      );
    }
    if (this.ordered && order === undefined) throw new KsqlError('INTERNAL', `Materialized table '${this.name}' is ordered: give each row its sort key`);
    const p = this.stage(keyRow, window);
    p.valueCells = valueRow;
    p.valueAt = 0;
    p.rowtime = rowtime;
    p.order = order ?? null;
    p.orderOf = null;
    p.orderSource = null;
  }

  /**
   * `upsert` for the output rows of a query: `row` holds the key columns, then the value columns
   * (more cells may follow), and is kept until the flush, so it must not be reused. An ordered
   * table gets the sort key as `orderOf(orderSource, partition)`, computed at the flush only for
   * the batch's last write of the row.
   */
  upsertRow(row: readonly unknown[], rowtime: number, window: TableWindow | undefined, orderSource: Buffer, partition: number | undefined, orderOf: OrderOf): void {
    const nk = this.keyColumns.length;
    if (row.length < nk + this.valueColumns.length) {
      throw new KsqlError(
        'INTERNAL',
        `Materialized table '${this.name}' has ${nk + this.valueColumns.length} column(s), got a row of ${row.length}`,
      );
    }
    const p = this.stage(row, window);
    p.valueCells = row;
    p.valueAt = nk;
    p.rowtime = rowtime;
    p.order = null;
    p.orderOf = orderOf;
    p.orderSource = orderSource;
    p.orderPartition = partition;
  }

  /** Deletes the row of a key (and window); applied at the next flush. An upsert before it in the batch nets out. */
  delete(keyRow: readonly unknown[], window?: TableWindow): void {
    if (keyRow.length !== this.keyColumns.length) throw this.keyCountError(keyRow.length);
    const p = this.stage(keyRow, window);
    p.valueCells = null;
    p.rowtime = 0;
    p.order = null;
    p.orderOf = null;
    p.orderSource = null;
  }

  /** The pending write of the row of `keyCells[0..nk)` and `window`, created (its cells to fill in) if the batch has none. */
  private stage(keyCells: readonly unknown[], window: TableWindow | undefined): PendingWrite {
    const key = this.encodeKey(keyCells, window);
    const win = window ?? null;
    const head = this.pending.get(key) ?? null;
    for (let p = head; p !== null; p = p.next) {
      if (sameWindow(p.window, win)) {
        p.keyCells = keyCells;
        return p;
      }
    }
    const fresh: PendingWrite = {
      key,
      window: win,
      keyCells,
      valueCells: null,
      valueAt: 0,
      rowtime: 0,
      order: null,
      orderSource: null,
      orderPartition: undefined,
      orderOf: null,
      next: head,
    };
    this.pending.set(key, fresh);
    return fresh;
  }

  /** The row of a key (and window), seeing writes not yet flushed. */
  get(keyRow: readonly unknown[], window?: TableWindow): MaterializedRow | undefined {
    if (keyRow.length !== this.keyColumns.length) throw this.keyCountError(keyRow.length);
    const key = this.encodeKey(keyRow, window);
    if (window !== undefined && window.end < this.cutoff) return undefined;
    const win = window ?? null;
    for (let p = this.pending.get(key) ?? null; p !== null; p = p.next) {
      if (!sameWindow(p.window, win)) continue;
      const cells = p.valueCells;
      if (cells === null) return undefined;
      const nk = this.keyColumns.length;
      return {
        key: p.keyCells.slice(0, nk),
        value: cells.slice(p.valueAt, p.valueAt + this.valueColumns.length),
        rowtime: p.rowtime,
        window: p.window,
      };
    }
    this.checkOpen();
    const cells = this.sql.get.get(pkOf(key, win));
    return cells === undefined ? undefined : this.decodeRow(cells);
  }

  /**
   * Rows matching the query, from what was flushed (the runtime flushes every batch, so between
   * batches that is everything). Columns are named as the table's, plus ROWTIME, WINDOWSTART, WINDOWEND.
   */
  select(query: TableQuery = {}): MaterializedRow[] {
    this.checkOpen();
    const built = this.selectSql(query);
    const rows = this.statement(built.sql).all(...built.params);
    const out = new Array<MaterializedRow>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.decodeRow(rows[i]!);
    return out;
  }

  /**
   * The rows of `select(query)` one at a time, read lazily: a caller that stops early (a LIMIT
   * applied after its own filtering) reads no further. No write may happen until it is done.
   */
  *iterate(query: TableQuery = {}): Generator<MaterializedRow, void, undefined> {
    this.checkOpen();
    const built = this.selectSql(query);
    for (const cells of this.statement(built.sql).iterate(...built.params)) yield this.decodeRow(cells);
  }

  /**
   * The SQL and parameters `select` runs (for EXPLAIN and tests). Without `orderBy`, an ordered
   * table lists rows in sort-key order; `orderBy: []` asks for no order at all.
   */
  selectSql(query: TableQuery = {}): BuiltQuery {
    const extra = this.windowed && this.cutoff > this.appliedCutoff ? { sql: '"WINDOWEND" >= ?', params: [this.cutoff] } : undefined;
    const defaultOrder = this.ordered && query.orderBy === undefined ? ORDER : undefined;
    if (defaultOrder !== undefined && (query.where === undefined || query.where.length === 0)) this.ensureOrderIndex();
    if (this.keyIndexDdl !== '' && this.usesKeyColumns(query)) this.ensureKeyIndex();
    return buildSelect(this.selectList, this.table, this.queryColumns, query, extra, defaultOrder);
  }

  /** Creates the sort-key index once a scan asks for rows in sort-key order (it then stays). */
  private ensureOrderIndex(): void {
    if (this.orderIndexDdl === '') return;
    this.db.exec(this.orderIndexDdl);
    this.orderIndexDdl = '';
    // Statements prepared before the index exists would not use it.
    this.statements.clear();
  }

  /** True when a predicate or ORDER BY term of `query` names a column the key index starts with. */
  private usesKeyColumns(query: TableQuery): boolean {
    const cols = this.keyIndexColumns;
    const inWhere = (ps: readonly Predicate[]): boolean => ps.some((p) => (p.op === 'OR' ? p.any.some(inWhere) : cols.has(p.column)));
    return inWhere(query.where ?? []) || (query.orderBy ?? []).some((o) => cols.has(o.column));
  }

  /** Creates the key index once a query filters or orders by key columns (it then stays). */
  private ensureKeyIndex(): void {
    this.db.exec(this.keyIndexDdl);
    this.keyIndexDdl = '';
    this.statements.clear();
  }

  private statement(sql: string): Database.Statement<SqlValue[], SqlValue[]> {
    let stmt = this.statements.get(sql);
    if (stmt === undefined) {
      if (this.statements.size >= STATEMENT_CACHE) this.statements.clear();
      stmt = this.db.prepare<SqlValue[], SqlValue[]>(sql).raw().safeIntegers(true);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** The SQLite query plan of `select(query)`, one line per step (to check that indexes are used). */
  explain(query: TableQuery = {}): string[] {
    const built = this.selectSql(query);
    const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${built.sql}`).all(...built.params) as { detail: string }[];
    return rows.map((r) => r.detail);
  }

  /** Drops (at flush) the windows whose end < cutoff: pass stream time minus retention. */
  expire(cutoff: number): void {
    if (!this.windowed) throw new KsqlError('INTERNAL', `Materialized table '${this.name}' is not windowed: nothing expires`);
    if (cutoff > this.cutoff) this.cutoff = cutoff;
  }

  /** Applies retention and the buffered writes; returns how many writes. */
  flush(): number {
    this.checkOpen();
    const { sql, cutoff } = this;
    if (cutoff > this.appliedCutoff) {
      sql.expire?.run(cutoff);
      sql.saveCutoff(cutoff);
      this.appliedCutoff = cutoff;
    }
    let written = 0;
    // Rows of one window mostly follow each other: the bounds' text is made once for them.
    let prefixOf: TableWindow | null = null;
    let prefix = '';
    for (const head of this.pending.values()) {
      for (let p: PendingWrite | null = head; p !== null; p = p.next) {
        const w = p.window;
        if (w !== null && w.end < cutoff) continue;
        if (w !== null && (prefixOf === null || prefixOf.start !== w.start || prefixOf.end !== w.end)) {
          prefixOf = w;
          prefix = pkPrefix(w);
        }
        const pk = w === null ? p.key : prefix + p.key;
        if (p.valueCells === null) sql.delete.run(pk);
        else this.write(pk, p, p.valueCells);
        written++;
      }
    }
    sql.upsert.end();
    this.pending.clear();
    return written;
  }

  discard(): void {
    this.pending.clear();
    this.cutoff = this.appliedCutoff = readCutoff(this.db, this.name);
  }

  /** Number of rows flushed. */
  size(): number {
    this.checkOpen();
    return this.sql.count.get() ?? 0;
  }

  /** Deletes the SQLite table and the registration; the object is unusable afterwards. */
  drop(): void {
    this.pending.clear();
    this.statements.clear();
    this.dropped = true;
    dropStore(this.db, this.name);
  }

  private keyCountError(n: number): KsqlError {
    return new KsqlError('INTERNAL', `Materialized table '${this.name}' has ${this.keyColumns.length} key column(s), got ${n}`);
  }

  /** The encoded key columns keyCells[0..nk) (the keyEncoder reads only those), after checking the window is given as the table needs. */
  private encodeKey(keyCells: readonly unknown[], window: TableWindow | undefined): string {
    if ((window !== undefined) !== this.windowed) {
      throw new KsqlError(
        'INTERNAL',
        `Materialized table '${this.name}' is ${this.windowed ? 'windowed: give the window' : 'not windowed: give no window'}`,
      );
    }
    return this.keyOf(keyCells);
  }

  private write(pk: string, p: PendingWrite, value: readonly unknown[]): void {
    const out = this.sql.upsert;
    const at = p.valueAt;
    out.value(pk);
    for (let i = 0; i < this.keyCodecs.length; i++) out.value(this.keyCodecs[i]!.toSql(p.keyCells[i] ?? null));
    for (let i = 0; i < this.valueCodecs.length; i++) out.value(this.valueCodecs[i]!.toSql(value[at + i] ?? null));
    out.value(p.rowtime);
    if (p.window !== null) {
      out.value(p.window.start);
      out.value(p.window.end);
    }
    if (this.ordered) out.value(p.order ?? (p.orderOf !== null && p.orderSource !== null ? p.orderOf(p.orderSource, p.orderPartition) : null));
  }

  private decodeRow(cells: SqlValue[]): MaterializedRow {
    const nk = this.keyCodecs.length;
    const nv = this.valueCodecs.length;
    const key = new Array<unknown>(nk);
    const value = new Array<unknown>(nv);
    for (let i = 0; i < nk; i++) key[i] = this.keyCodecs[i]!.fromSql(cells[i]!);
    for (let i = 0; i < nv; i++) value[i] = this.valueCodecs[i]!.fromSql(cells[nk + i]!);
    const rowtime = Number(cells[nk + nv]);
    const window = this.windowed ? { start: Number(cells[nk + nv + 1]), end: Number(cells[nk + nv + 2]) } : null;
    if (this.ordered) return { key, value, rowtime, window, order: cells[nk + nv + (this.windowed ? 3 : 1)] as Buffer };
    return { key, value, rowtime, window };
  }

  private checkOpen(): void {
    if (this.dropped) throw new KsqlError('INTERNAL', `Materialized table '${this.name}' was dropped`);
  }
}

function indexExists(db: Database.Database, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`).get(name) !== undefined;
}

/** The primary key of a row: the encoded key, after the window's bounds in a windowed table. */
function pkOf(key: string, window: TableWindow | null): string {
  return window === null ? key : pkPrefix(window) + key;
}

function pkPrefix(window: TableWindow): string {
  return `${window.start},${window.end};`;
}

/** The column's SQL name: its own, unless SQLite (case-insensitive) would confuse it with another. */
function sqlName(name: string, index: number, taken: Set<string>): string {
  let candidate = name;
  for (let n = 1; taken.has(candidate.toUpperCase()); n++) candidate = `${name}_${index}_${n}`;
  taken.add(candidate.toUpperCase());
  return candidate;
}
