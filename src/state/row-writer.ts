// Writes many rows with few statement executions: rows are gathered into multi-row
// `INSERT ... VALUES (...), (...) ON CONFLICT ...` statements, because each better-sqlite3 run()
// costs more than SQLite's own work for a small row (measured ~3x faster for 64-row statements).

import type Database from 'better-sqlite3';

/** SQLite's limit on bound parameters per statement (SQLITE_MAX_VARIABLE_NUMBER since 3.32). */
const MAX_PARAMS = 32_766;
const MAX_ROWS = 64;

export class RowWriter {
  private readonly rowsPerStatement: number;
  /** Prepared lazily: statements[n] writes n rows. */
  private readonly statements: (Database.Statement<unknown[]> | undefined)[] = [];
  private readonly params: unknown[] = [];
  private rows = 0;

  /**
   * `insert` is the statement up to VALUES (`INSERT INTO t (a, b)`), `conflict` what follows the
   * rows (`ON CONFLICT (a) DO UPDATE SET b = excluded.b`); each row has `width` values.
   */
  constructor(
    private readonly db: Database.Database,
    private readonly insert: string,
    private readonly conflict: string,
    private readonly width: number,
  ) {
    this.rowsPerStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / width)));
  }

  /** Adds one value of the current row; after `width` values the row is complete. */
  value(v: unknown): void {
    this.params.push(v);
    if (this.params.length === (this.rows + 1) * this.width) {
      this.rows++;
      if (this.rows === this.rowsPerStatement) this.run();
    }
  }

  /** Writes the rows still gathered. Call at the end of every flush. */
  end(): void {
    if (this.rows > 0) this.run();
  }

  private run(): void {
    this.statement(this.rows).run(this.params);
    this.params.length = 0;
    this.rows = 0;
  }

  private statement(rows: number): Database.Statement<unknown[]> {
    let stmt = this.statements[rows];
    if (stmt === undefined) {
      const row = `(${new Array<string>(this.width).fill('?').join(', ')})`;
      stmt = this.db.prepare<unknown[]>(`${this.insert} VALUES ${new Array<string>(rows).fill(row).join(', ')} ${this.conflict}`);
      this.statements[rows] = stmt;
    }
    return stmt;
  }
}
