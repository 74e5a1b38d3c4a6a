// The Engine: the one entry point every surface (library, shell, server, test runner) uses.
// It parses statements, dispatches them to their handlers, runs the queries on the embedded log
// and replays the command log at start so sources and queries survive a restart.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from '../catalog/catalog.js';
import { KsqlError, messageOf } from '../errors.js';
import { extensionDir, loadExtensions, NO_EXTENSIONS, warnExtensionErrors, type ExtensionReport } from '../functions/extensions/loader.js';
import { FunctionRegistry } from '../functions/registry.js';
import { EmbeddedLog } from '../log/embedded/embedded-log.js';
import { KafkaLog } from '../log/kafka/index.js';
import { KafkaTopics } from '../log/kafka/kafka-topics.js';
import type { EngineTopics } from '../log/topics.js';
import type { Guarantee, TaskRestore } from '../runtime/kafka-task.js';
import Database from 'better-sqlite3';
import { CommandFollower, commandRecord, commandTopicName } from './command-topic.js';
import type { CommandRecord } from './command-topic.js';
import type { KafkaRuntime } from './kafka-query.js';
import type { ParsedStatement, Statement } from '../sql/ast.js';
import { parseStatements } from '../sql/parse.js';
import type { ExecContext } from './context.js';
import { alterSource, createSource, createType, dropSource, dropType } from './ddl.js';
import { describe, describeFunction, describeSources, explain, show } from './describe.js';
import { insertValues } from './insert-values.js';
import { createAsSelect, insertInto, queryControl } from './persistent.js';
import { PROCESSING_LOG_STREAM, PROCESSING_LOG_TOPIC, ProcessingLog } from './processing-log.js';
import type { PushQuery } from './push-query.js';
import { startPushQuery } from './push-query.js';
import { startPullQuery } from './pull-query.js';
import { PullQueryCache } from './pull-query-cache.js';
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
  /**
   * Kafka mode: topics, the catalog (command topic) and query offsets live on the cluster; the
   * data directory keeps local state stores. Start with `await Engine.open(...)`.
   */
  readonly kafka?: KafkaModeOptions;
}

export interface KafkaModeOptions {
  readonly brokers: string | readonly string[];
  /** ksql.service.id; instances with the same id share the catalog and split the queries. Default 'default_'. */
  readonly serviceId?: string;
  /** processing.guarantee: at_least_once (default) or exactly_once_v2. */
  readonly guarantee?: Guarantee;
}

export interface ExecuteOptions {
  readonly variables?: Readonly<Record<string, string>>;
  readonly properties?: Readonly<Record<string, string>>;
}

export class Engine {
  readonly log: EmbeddedLog;
  readonly catalog: Catalog;
  readonly functions: FunctionRegistry;
  /** The JavaScript extensions loaded at start (`ksql.extension.dir`, default `<data-dir>/ext`). */
  readonly extensions: ExtensionReport;
  readonly processingLog: ProcessingLog;
  private readonly queries = new Map<string, RunningQuery>();
  private readonly systemProperties: Record<string, string>;
  private readonly sessionProperties: Record<string, string> = {};
  private readonly variables: Record<string, string> = {};
  /** Pull queries planned before, by statement shape: a repeated key lookup skips parsing and planning. */
  private readonly pulls = new PullQueryCache();
  private scheduled = false;
  private closed = false;
  private readonly unsubscribe: () => void;
  /** Where topics live: the embedded log, or Kafka. */
  readonly topics: EngineTopics;
  /** Set in Kafka mode. */
  readonly kafka?: KafkaRuntime;
  private commands?: CommandFollower;
  private readonly withLog: boolean;

  /** Opens an engine; in Kafka mode connects, replays the command topic and starts its queries. */
  static async open(options: EngineOptions = {}): Promise<Engine> {
    const engine = new Engine(options);
    if (engine.kafka) {
      try {
        await engine.startKafka();
      } catch (e) {
        await engine.close();
        throw e;
      }
    }
    return engine;
  }

  constructor(options: EngineOptions = {}) {
    let path = ':memory:';
    const dataDir = options.inMemory ? undefined : (options.dataDir ?? './ksqlite-data');
    if (dataDir !== undefined) {
      mkdirSync(dataDir, { recursive: true });
      path = join(dataDir, 'ksqlite.db');
    }
    this.log = EmbeddedLog.open(path);
    if (options.kafka) {
      const kafka = new KafkaLog({ brokers: options.kafka.brokers, clientId: 'ksqlite' });
      const topics = new KafkaTopics(kafka);
      const guarantee = options.kafka.guarantee ?? (options.properties?.['processing.guarantee'] as Guarantee | undefined) ?? 'at_least_once';
      this.kafka = { log: kafka, topics, serviceId: options.kafka.serviceId ?? options.properties?.['ksql.service.id'] ?? 'default_', guarantee };
      this.topics = topics;
      // The catalog is rebuilt from the command topic at each start: it needs no file of its own.
      this.catalog = new Catalog(new Database(':memory:'));
    } else {
      this.topics = this.log;
      this.catalog = new Catalog(this.log.db);
    }
    this.functions = FunctionRegistry.builtins();
    this.systemProperties = { ...(options.properties ?? {}) };
    // Before the replay: persistent queries may call the extensions' functions.
    const ext = extensionDir(this.systemProperties, dataDir);
    this.extensions = ext === undefined ? NO_EXTENSIONS : loadExtensions(ext.dir, this.functions, { required: ext.required });
    warnExtensionErrors(this.extensions);
    const withLog = options.processingLogStream ?? true;
    this.withLog = withLog;
    this.processingLog = new ProcessingLog(this.topics, withLog);
    this.unsubscribe = this.log.onAppend(() => this.schedule());
    if (this.kafka) return;
    this.replay();
    if (withLog && !this.catalog.source(PROCESSING_LOG_STREAM)) this.createProcessingLogStream();
    this.schedule();
  }

  private async startKafka(): Promise<void> {
    const k = this.kafka!;
    await k.log.connect();
    await k.topics.refresh();
    this.commands = new CommandFollower(k.log, commandTopicName(k.serviceId), (cmd) => this.applyCommand(cmd));
    await this.commands.start();
    if (this.withLog && !this.catalog.source(PROCESSING_LOG_STREAM)) {
      await k.topics.refresh();
      this.createProcessingLogStream();
      await k.topics.settle();
    }
  }

  /** Applies a statement another instance executed (from the command topic). */
  private applyCommand(cmd: CommandRecord): void {
    this.catalog.appendCommand(cmd.statement, { properties: cmd.properties, ...(cmd.queryId !== undefined ? { queryId: cmd.queryId } : {}) });
    for (const p of parseStatements(cmd.statement)) {
      const ctx = this.context(cmd.properties, true, cmd.queryId);
      try {
        this.dispatch(ctx, p, p.statement);
      } catch (e) {
        this.processingLog.record({ queryId: cmd.queryId ?? 'command', kind: 'REPLAY', message: messageOf(e), time: Date.now() });
      }
    }
  }

  /** Properties in force: system, then session (SET), then per-call. */
  properties(extra?: Readonly<Record<string, string>>): Record<string, string> {
    return { ...this.systemProperties, ...this.sessionProperties, ...(extra ?? {}) };
  }

  private context(properties: Readonly<Record<string, string>>, replaying = false, replayQueryId?: string): ExecContext {
    return {
      catalog: this.catalog,
      log: this.log,
      topics: this.topics,
      kafka: this.kafka,
      functions: this.functions,
      queries: this.queries,
      processingLog: this.processingLog,
      properties,
      replaying,
      replayQueryId,
      nextSequence: () => this.catalog.nextSequence(),
      persist: (stmt, extra) => {
        if (replaying) return this.catalog.nextSequence();
        const context = { properties: { ...properties }, ...(extra?.queryId !== undefined ? { queryId: extra.queryId } : {}) };
        if (this.kafka && this.commands) {
          // Other instances apply it from the command topic.
          this.topics.produce(commandTopicName(this.kafka.serviceId), [commandRecord({ statement: stmt.text, ...context, origin: this.commands.instanceId })]);
        }
        return this.catalog.appendCommand(stmt.text, context);
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
    for (const p of this.parse(sql, options.variables)) results.push(await this.executeStatement(p, options));
    return results;
  }

  /**
   * Runs one parsed statement and waits for its effects on the topics (in Kafka mode: topic
   * metadata is refreshed first, and its topic writes and command are in Kafka before it returns).
   */
  async executeStatement(p: ParsedStatement, options: ExecuteOptions = {}): Promise<StatementResult> {
    if (!this.kafka) return this.executeParsed(p, options);
    await this.kafka.topics.refresh();
    const result = this.executeParsed(p, options);
    await this.kafka.topics.settle();
    return result;
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
      case 'DescribeFunction':
        return describeFunction(ctx, p, s);
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

  /**
   * Runs a SELECT: a push query (EMIT CHANGES) streams rows until cancelled or its LIMIT; a pull
   * query (no EMIT; a PullQuery) gives the rows there are now, then ends.
   */
  async query(sql: string, options: ExecuteOptions = {}): Promise<PushQuery> {
    this.assertOpen();
    const ctx = this.context(this.properties(options.properties));
    // Text with variable references is never served from the cache (the tokenizer refuses it).
    const cached = this.pulls.run(ctx, sql);
    if (cached !== undefined) return cached;
    const statements = this.parse(sql, options.variables);
    if (statements.length !== 1 || statements[0]!.statement.kind !== 'QueryStatement')
      throw new KsqlError('INVALID_STATEMENT', 'query() takes exactly one SELECT statement.');
    const query = statements[0]!.statement.query;
    if (query.emit === undefined) return startPullQuery(ctx, query, (prepared) => this.pulls.remember(ctx, sql, prepared));
    return startPushQuery(ctx, query);
  }

  /** Processes every pending record of every query, until no query has anything left to read. */
  runUntilIdle(): void {
    let progress = true;
    while (progress) {
      progress = false;
      for (const q of [...this.queries.values()]) if (q.poll() > 0) progress = true;
    }
  }

  /**
   * Resolves once every persistent query has processed all its input: embedded, by running them;
   * in Kafka mode, once their consumer groups have committed up to the end of their topics.
   */
  async idle(timeoutMs = 600_000): Promise<void> {
    if (!this.kafka) {
      this.runUntilIdle();
      return;
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let lag = 0;
      for (const q of this.queries.values()) {
        if (q.info === undefined || !q.kafka) continue;
        await q.kafka.started;
        // Stages in order: a repartition stage's output is the next stage's input.
        for (const t of q.kafka.tasks) lag += await t.lag();
      }
      if (lag === 0) return;
      if (Date.now() > deadline) throw new KsqlError('TOPIC', `Queries still have ${lag} records to process after ${timeoutMs} ms.`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Ids and state of the running queries (persistent and transient). */
  runningQueries(): { id: string; state: string; recordsIn: number; recordsOut: number; lateRecords: number; restores: readonly TaskRestore[] }[] {
    return [...this.queries.values()].map((q) => ({ id: q.id, state: q.state, recordsIn: q.recordsIn, recordsOut: q.recordsOut, lateRecords: q.lateRecords, restores: q.restores }));
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
    const stopping = [...this.queries.values()].map((q) => q.stop());
    this.queries.clear();
    await Promise.allSettled(stopping);
    if (this.kafka) {
      await this.commands?.stop().catch(() => undefined);
      await this.kafka.topics.settle().catch(() => undefined);
      await this.kafka.log.disconnect();
    }
    this.log.close();
  }
}
