// The shell's backend on a running `ksqlite server` (or ksqlDB), over its REST API. Like
// ksqlDB's own CLI it keeps SET properties and DEFINE variables itself and sends them with every
// request; statements are parsed here too, so the shell splits, classifies and points at syntax
// errors exactly as in embedded mode.

import type { Entity, RequestSettings } from '../../src/client/rest-client.js';
import { KsqlRestClient, RestError } from '../../src/client/rest-client.js';
import type { StatementResult } from '../../src/engine/results.js';
import { KsqlError } from '../../src/errors.js';
import type { ParsedStatement } from '../../src/sql/ast.js';
import { parseStatements } from '../../src/sql/parse.js';
import type { CompletionData, PrintOptions, PrintStream, RowStream, ShellBackend } from './backend.js';
import { entityResult } from './remote-results.js';

/** Sources and topics fetched for one Tab serve the Tabs that follow within this time. */
const COMPLETION_CACHE_MS = 2000;

export interface RemoteOptions {
  readonly user?: string;
  readonly password?: string;
  /** Certificate authority to trust for an https server with a self-signed certificate. */
  readonly ca?: string | Buffer;
}

export class RemoteBackend implements ShellBackend {
  readonly mode = 'remote' as const;
  private readonly properties: Record<string, string> = {};
  private readonly variables: Record<string, string> = {};
  private functions: readonly string[] | undefined;
  private completions: { readonly data: CompletionData; readonly at: number } | undefined;

  private constructor(
    private readonly client: KsqlRestClient,
    readonly serverVersion: string,
  ) {}

  /** Connects to the server and checks it answers and takes the credentials (GET /info). */
  static async connect(url: string, options: RemoteOptions = {}): Promise<RemoteBackend> {
    const client = new KsqlRestClient(url, options);
    try {
      const info = await client.info();
      return new RemoteBackend(client, info.version);
    } catch (e) {
      await client.close();
      throw explain(e, client);
    }
  }

  get location(): string {
    return this.client.url;
  }

  parse(sql: string): ParsedStatement[] {
    return parseStatements(sql, { variables: this.variables });
  }

  async execute(sql: string): Promise<StatementResult[]> {
    const results: StatementResult[] = [];
    for (const p of this.parse(sql)) results.push(...(await this.executeOne(p)));
    return results;
  }

  private async executeOne(p: ParsedStatement): Promise<StatementResult[]> {
    const s = p.statement;
    const info = (message: string): StatementResult[] => [{ type: 'info', statementText: p.text, message }];
    // The session's settings live in the client, as in ksqlDB's CLI: the server keeps none between requests.
    switch (s.kind) {
      case 'SetProperty':
        this.properties[s.name] = s.value;
        return info(`Successfully changed local property '${s.name}' to '${s.value}'.`);
      case 'UnsetProperty':
        delete this.properties[s.name];
        return info(`Successfully unset local property '${s.name}'.`);
      case 'DefineVariable':
        removeVariable(this.variables, s.name);
        this.variables[s.name] = s.value;
        return info(`Defined variable ${s.name}.`);
      case 'UndefineVariable':
        removeVariable(this.variables, s.name);
        return info(`Undefined variable ${s.name}.`);
      case 'QueryStatement':
      case 'Print':
      case 'RunScript':
        throw new KsqlError('INVALID_STATEMENT', `${s.kind === 'QueryStatement' ? 'SELECT' : s.kind === 'Print' ? 'PRINT' : 'RUN SCRIPT'} is run by the shell, not sent as a statement.`, s.loc);
      default: {
        const entities = await this.call(() => this.client.ksql(`${p.text};`, this.settings()));
        // A statement may have created or dropped a source: the next Tab asks again.
        this.completions = undefined;
        return entities.map((e: Entity) => entityResult(e));
      }
    }
  }

  async query(sql: string): Promise<RowStream> {
    const q = await this.call(() => this.client.query(sql, this.settings()));
    return {
      queryId: q.queryId,
      columns: q.columns.map((c) => ({ name: c.name, type: c.type, namespace: 'VALUE' as const })),
      cancel: () => q.close(),
      [Symbol.asyncIterator]: () => q[Symbol.asyncIterator](),
    };
  }

  async print(topic: string, options: PrintOptions): Promise<PrintStream> {
    const sql = `PRINT '${topic.replace(/'/g, "''")}'${options.fromBeginning ? ' FROM BEGINNING' : ''}${options.interval > 1 ? ` INTERVAL ${options.interval}` : ''}${options.limit !== undefined ? ` LIMIT ${options.limit}` : ''};`;
    const lines = await this.call(() => this.client.print(sql, this.settings()));
    return {
      topic,
      cancel: () => lines.close(),
      [Symbol.asyncIterator]: async function* () {
        for await (const text of lines) yield { text, isRecord: !/^(Key|Value|Header) format:/.test(text) };
      },
    };
  }

  async completionData(): Promise<CompletionData> {
    if (this.completions !== undefined && Date.now() - this.completions.at < COMPLETION_CACHE_MS) return this.completions.data;
    // One request: the sources with their columns, the topics, and (once) the functions.
    const entities = await this.call(() => this.client.ksql(`DESCRIBE STREAMS; DESCRIBE TABLES; SHOW TOPICS;${this.functions ? '' : ' SHOW FUNCTIONS;'}`, this.settings()));
    const sources: { name: string; columns: string[] }[] = [];
    let topics: string[] = [];
    for (const r of entities.map(entityResult)) {
      if (r.type === 'source_descriptions') for (const d of r.sourceDescriptions) sources.push({ name: d.name, columns: d.fields.map((f) => f.name) });
      else if (r.type === 'kafka_topics') topics = r.topics.map((t) => t.name);
      else if (r.type === 'function_names') this.functions = r.functions.map((f) => f.name);
    }
    const data: CompletionData = { sources, topics, functions: this.functions ?? [] };
    this.completions = { data, at: Date.now() };
    return data;
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private settings(): RequestSettings {
    return { properties: { ...this.properties }, variables: { ...this.variables } };
  }

  /** Runs a request, turning a refusal of the credentials into a message that says what to do. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (e) {
      throw explain(e, this.client);
    }
  }
}

function removeVariable(vars: Record<string, string>, name: string): void {
  for (const k of Object.keys(vars)) if (k.toUpperCase() === name.toUpperCase()) delete vars[k];
}

/** A 401 as what the user should do about it; other errors as they are. */
function explain(e: unknown, client: KsqlRestClient): unknown {
  if (!(e instanceof RestError) || e.status !== 401) return e;
  const message = client.hasCredentials
    ? `The server at ${client.url} refused the user name and password (HTTP 401 Unauthorized). Check --user and --password.`
    : `The server at ${client.url} requires a user name and password (HTTP 401 Unauthorized). Start the shell with --user NAME --password SECRET.`;
  return new RestError(message, 401, e.errorCode);
}
