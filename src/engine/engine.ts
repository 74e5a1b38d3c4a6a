// The Engine: the one entry point every surface (library, shell, server, test runner) uses.
// It parses statements, dispatches them to their handlers, runs the queries on the embedded log
// and replays the command log at start so sources and queries survive a restart.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from '../catalog/catalog.js';
import { KsqlError, messageOf } from '../errors.js';
import { FunctionRegistry } from '../functions/registry.js';
import { EmbeddedLog } from '../log/embedded/embedded-log.js';
import type { ParsedStatement, Statement } from '../sql/ast.js';
import { parseStatements } from '../sql/parse.js';
import type { ExecContext } from './context.js';
import { alterSource, createSource, createType, dropSource, dropType } from './ddl.js';
import { describe, describeSources, explain, show } from './describe.js';
import { insertValues } from './insert-values.js';
import { createAsSelect, insertInto, queryControl } from './persistent.js';
import { PROCESSING_LOG_STREAM, PROCESSING_LOG_TOPIC, ProcessingLog } from './processing-log.js';
import type { PushQuery } from './push-query.js';
import { startPushQuery } from './push-query.js';
import type { StatementResult } from './results.js';
import type { RunningQuery } from './running-query.js';

export interface EngineOptions {
  /** Folder of the data (log, state, catalog); default ./ksqlite-data. Ignored when inMemory. */
  readonly dataDir?: string;
  /** Keep everything in memory (tests). */
  readonly inMemory?: boolean;
  /** System properties (ksqlDB names, e.g. 'auto.offset.reset'). */
  readonly properties?: Readonly<Record<string, string>>;
  /** Create the KSQL_PROCESSING_LOG stream; default true. */
  readonly processingLogStream?: boolean;
}

export interface ExecuteOptions {
  readonly variables?: Readonly<Record<string, string>>;
  readonly properties?: Readonly<Record<string, string>>;
}

export class Engine {
  readonly log: EmbeddedLog;
  readonly catalog: Catalog;
  readonly functions: FunctionRegistry;
  readonly processingLog: ProcessingLog;
  private readonly queries = new Map<string, RunningQuery>();
  private readonly systemProperties: Record<string, string>;
  private readonly sessionProperties: Record<string, string> = {};
  private readonly variables: Record<string, string> = {};
  private scheduled = false;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(options: EngineOptions = {}) {
    let path = ':memory:';
    if (!options.inMemory) {
      const dir = options.dataDir ?? './ksqlite-data';
      mkdirSync(dir, { recursive: true });
      path = join(dir, 'ksqlite.db');
    }
    this.log = EmbeddedLog.open(path);
    this.catalog = new Catalog(this.log.db);
    this.functions = FunctionRegistry.builtins();
    this.systemProperties = { ...(options.properties ?? {}) };
    const withLog = options.processingLogStream ?? true;
    this.processingLog = new ProcessingLog(this.log, withLog);
    this.replay();
    if (withLog && !this.catalog.source(PROCESSING_LOG_STREAM)) this.createProcessingLogStream();
    this.unsubscribe = this.log.onAppend(() => this.schedule());
    this.schedule();
  }

  /** Properties in force: system, then session (SET), then per-call. */
  properties(extra?: Readonly<Record<string, string>>): Record<string, string> {
    return { ...this.systemProperties, ...this.sessionProperties, ...(extra ?? {}) };
  }

  private context(properties: Readonly<Record<string, string>>, replaying = false, replayQueryId?: string): ExecContext {
    return {
      catalog: this.catalog,
      log: this.log,
      functions: this.functions,
      queries: this.queries,
      processingLog: this.processingLog,
      properties,
      replaying,
      replayQueryId,
      nextSequence: () => this.catalog.nextSequence(),
      persist: (stmt, extra) => {
        if (replaying) return this.catalog.nextSequence();
        return this.catalog.appendCommand(stmt.text, { properties: { ...properties }, ...(extra?.queryId !== undefined ? { queryId: extra.queryId } : {}) });
      },
      schedule: () => this.schedule(),
    };
  }

  /** Parses `sql` (after ${var} substitution) into statements without running them. */
  parse(sql: string, variables?: Readonly<Record<string, string>>): ParsedStatement[] {
    return parseStatements(sql, { variables: { ...this.variables, ...(variables ?? {}) } });
  }

  /**
   * Runs every statement of `sql` in order and returns one result per statement. The first
   * failing statement throws a KsqlError; statements before it stay done, it changes nothing.
   */
  async execute(sql: string, options: ExecuteOptions = {}): Promise<StatementResult[]> {
    this.assertOpen();
    const results: StatementResult[] = [];
    // The parser substitutes per statement, so a DEFINE applies to the statements after it.
    for (const p of this.parse(sql, options.variables)) results.push(this.executeParsed(p, options));
    return results;
  }

  /** Runs one parsed statement. */
  executeParsed(p: ParsedStatement, options: ExecuteOptions = {}): StatementResult {
    const ctx = this.context(this.properties(options.properties));
    return this.dispatch(ctx, p, p.statement);
  }

  private dispatch(ctx: ExecContext, p: ParsedStatement, s: Statement): StatementResult {
    switch (s.kind) {
      case 'CreateSource':
        return createSource(ctx, p, s);
      case 'CreateAsSelect':
        return createAsSelect(ctx, p, s);
      case 'InsertInto':
        return insertInto(ctx, p, s);
      case 'InsertValues':
        return insertValues(ctx, p, s);
      case 'DropSource':
        return dropSource(ctx, p, s);
      case 'AlterSource':
        return alterSource(ctx, p, s);
      case 'CreateType':
        return createType(ctx, p, s);
      case 'DropType':
        return dropType(ctx, p, s);
      case 'Show':
        if (s.what === 'VARIABLES')
          return { type: 'variables', statementText: p.text, variables: Object.entries(this.variables).map(([name, value]) => ({ name, value })) };
        return show(ctx, p, s);
      case 'Describe':
        return describe(ctx, p, s);
      case 'DescribeSources':
        return describeSources(ctx, p, s);
      case 'DescribeFunction': {
        const d = this.functions.describe(s.name);
        if (!d) throw new KsqlError('UNKNOWN_FUNCTION', `Can't find any functions with the name '${s.name}'`, s.loc);
        return {
          type: 'describe_function',
          statementText: p.text,
          name: d.name,
          description: d.description,
          author: d.author,
          version: d.version,
          path: 'internal',
          type_: d.kind,
          functions: d.variations.map((v) => ({ ...v, argumentTypes: v.arguments.map((a) => a.type) })),
        };
      }
      case 'Explain':
        return explain(ctx, p, s);
      case 'Terminate':
      case 'Pause':
      case 'Resume':
        return queryControl(ctx, p, s);
      case 'SetProperty':
        this.sessionProperties[s.name] = s.value;
        return { type: 'info', statementText: p.text, message: `Successfully changed local property '${s.name}' to '${s.value}'.` };
      case 'UnsetProperty':
        delete this.sessionProperties[s.name];
        return { type: 'info', statementText: p.text, message: `Successfully unset local property '${s.name}'.` };
      case 'AlterSystem':
        this.systemProperties[s.name] = s.value;
        return { type: 'info', statementText: p.text, message: `Successfully altered system property '${s.name}' to '${s.value}'.` };
      case 'DefineVariable':
        this.variables[s.name] = s.value;
        return { type: 'info', statementText: p.text, message: `Defined variable ${s.name}.` };
      case 'UndefineVariable':
        delete this.variables[s.name];
        return { type: 'info', statementText: p.text, message: `Undefined variable ${s.name}.` };
      case 'QueryStatement':
        throw new KsqlError('INVALID_STATEMENT', 'Use query() to run a SELECT: it streams rows.', s.loc);
      case 'Print':
      case 'RunScript':
        throw new KsqlError('UNSUPPORTED', `${s.kind === 'Print' ? 'PRINT' : 'RUN SCRIPT'} is handled by the shell.`, s.loc);
      case 'AssertTopic': {
        const exists = this.log.hasTopic(s.topic);
        if (exists !== s.exists)
          throw new KsqlError('ASSERTION', `Topic ${s.topic} ${s.exists ? 'does not exist' : 'exists'}.`, s.loc);
        return { type: 'info', statementText: p.text, message: `Topic ${s.topic} ${s.exists ? 'exists' : 'does not exist'}.` };
      }
      case 'AssertSchema':
        throw new KsqlError('UNSUPPORTED', 'ASSERT SCHEMA needs a schema registry, which is not available yet.', s.loc);
      default: {
        const never: never = s;
        return never;
      }
    }
  }

  /** Starts a transient push query (SELECT ... EMIT CHANGES). */
  async query(sql: string, options: ExecuteOptions = {}): Promise<PushQuery> {
    this.assertOpen();
    const statements = this.parse(sql, options.variables);
    if (statements.length !== 1 || statements[0]!.statement.kind !== 'QueryStatement')
      throw new KsqlError('INVALID_STATEMENT', 'query() takes exactly one SELECT statement.');
    const ctx = this.context(this.properties(options.properties));
    return startPushQuery(ctx, statements[0]!.statement.query);
  }

  /** Processes every pending record of every query, until no query has anything left to read. */
  runUntilIdle(): void {
    let progress = true;
    while (progress) {
      progress = false;
      for (const q of [...this.queries.values()]) if (q.poll() > 0) progress = true;
    }
  }

  /** Ids and state of the running queries (persistent and transient). */
  runningQueries(): { id: string; state: string; recordsIn: number; recordsOut: number; lateRecords: number }[] {
    return [...this.queries.values()].map((q) => ({ id: q.id, state: q.state, recordsIn: q.recordsIn, recordsOut: q.recordsOut, lateRecords: q.lateRecords }));
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => this.tick());
  }

  /** One round over the queries; reschedules itself while there is work, yielding to I/O between rounds. */
  private tick(): void {
    this.scheduled = false;
    if (this.closed) return;
    let progress = false;
    for (const q of [...this.queries.values()]) {
      try {
        if (q.poll() > 0) progress = true;
      } catch (e) {
        q.state = 'ERROR';
        this.processingLog.record({ queryId: q.id, kind: 'QUERY', message: messageOf(e), time: Date.now() });
      }
    }
    if (progress) this.schedule();
  }

  private createProcessingLogStream(): void {
    const sql = `CREATE STREAM ${PROCESSING_LOG_STREAM} (LOGGER STRING, LEVEL STRING, TIME BIGINT, MESSAGE STRUCT<TYPE INT, QUERYID STRING, ERRORMESSAGE STRING, TOPIC STRING, PARTITION INT, OFFSET BIGINT>) WITH (KAFKA_TOPIC='${PROCESSING_LOG_TOPIC}', PARTITIONS=1, VALUE_FORMAT='JSON')`;
    for (const p of parseStatements(sql)) this.executeParsed(p);
  }

  private replay(): void {
    for (const cmd of this.catalog.commands()) {
      for (const p of parseStatements(cmd.statement)) {
        const ctx = this.context(cmd.context.properties, true, cmd.context.queryId);
        try {
          this.dispatch(ctx, p, p.statement);
        } catch (e) {
          // A command that ran once can only fail on replay if something outside changed; keep going.
          this.processingLog.record({ queryId: cmd.context.queryId ?? 'replay', kind: 'REPLAY', message: messageOf(e), time: Date.now() });
        }
      }
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new KsqlError('INVALID_STATEMENT', 'The engine is closed.');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.queries.clear();
    this.log.close();
  }
}
