// A client of ksqlDB's REST API, as served by `ksqlite server` (and by ksqlDB): statements on
// /ksql, push and pull queries streamed from /query-stream over HTTP/2 with their rows decoded
// to the engine's values, /close-query, /info. The shell's remote mode is built on it.

import { compileFromJsonForm } from '../serde/json-form.js';
import { mayHoldLongNumber, parseJsonExact } from '../serde/json-value.js';
import type { SqlType } from '../types/sql-type.js';
import { STRING } from '../types/sql-type.js';
import type { ConnectionOptions } from './http2-connection.js';
import { answerLines, Http2Connection } from './http2-connection.js';
import { answerError, errorObject, RestError } from './rest-error.js';
import { parseTypeText } from './type-text.js';

export type { ConnectionOptions } from './http2-connection.js';
export { RestError } from './rest-error.js';

const KSQL_V1_JSON = 'application/vnd.ksql.v1+json';
const DELIMITED = 'application/vnd.ksqlapi.delimited.v1';
const INFO_TIMEOUT_MS = 10_000;

export interface ServerInfo {
  readonly version: string;
  readonly kafkaClusterId?: string;
  readonly ksqlServiceId?: string;
  readonly serverStatus?: string;
}

/** What ksqlDB's clients send along with each request: SET properties and DEFINE variables. */
export interface RequestSettings {
  readonly properties?: Readonly<Record<string, string>>;
  readonly variables?: Readonly<Record<string, string>>;
}

/** One result object of /ksql, as the server wrote it (`@type` tells which). */
export interface Entity {
  readonly '@type': string;
  readonly [field: string]: unknown;
}

export interface QueryColumn {
  readonly name: string;
  readonly type: SqlType;
  /** The type as the server wrote it. */
  readonly typeText: string;
}

/** The rows of a query as they arrive, decoded to the engine's values (BIGINT beyond 2^53 as bigint, DECIMAL exact, ...). */
export interface QueryStream extends AsyncIterable<unknown[]> {
  readonly queryId: string;
  readonly columns: readonly QueryColumn[];
  /** Ends the query on the server (/close-query) and stops reading; the iteration then ends. */
  close(): void;
}

/** The text lines of a PRINT, as the server streams them. */
export interface PrintLines extends AsyncIterable<string> {
  close(): void;
}

export class KsqlRestClient {
  private readonly connection: Http2Connection;

  constructor(url: string, options: ConnectionOptions = {}) {
    this.connection = new Http2Connection(url, options);
  }

  /** The server's origin, such as http://localhost:8088. */
  get url(): string {
    return this.connection.url;
  }

  get hasCredentials(): boolean {
    return this.connection.hasCredentials;
  }

  /** GET /info: the server's version and ids. Also the first check that the server is there and takes our credentials. */
  async info(): Promise<ServerInfo> {
    const { status, text } = await this.connection.request('GET', '/info', undefined, { accept: KSQL_V1_JSON }, INFO_TIMEOUT_MS);
    if (status !== 200) throw answerError(status, text);
    const info = (parseObject(text, '/info')['KsqlServerInfo'] ?? {}) as Record<string, unknown>;
    const str = (k: string): string | undefined => (typeof info[k] === 'string' ? info[k] : undefined);
    return {
      version: str('version') ?? 'unknown',
      ...optional('kafkaClusterId', str('kafkaClusterId')),
      ...optional('ksqlServiceId', str('ksqlServiceId')),
      ...optional('serverStatus', str('serverStatus')),
    };
  }

  /** POST /ksql: runs statements other than SELECT and PRINT; one entity per statement. */
  async ksql(sql: string, settings: RequestSettings = {}): Promise<Entity[]> {
    const body = JSON.stringify({ ksql: sql, streamsProperties: settings.properties ?? {}, sessionVariables: settings.variables ?? {} });
    const { status, text } = await this.connection.request('POST', '/ksql', body, { accept: KSQL_V1_JSON });
    if (status !== 200) throw answerError(status, text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new RestError(`The server's answer to /ksql is not JSON: ${text.slice(0, 200)}`, status);
    }
    if (!Array.isArray(parsed)) throw new RestError(`The server's answer to /ksql is not a list of results: ${text.slice(0, 200)}`, status);
    return parsed.filter((e): e is Entity => typeof e === 'object' && e !== null && typeof (e as Record<string, unknown>)['@type'] === 'string');
  }

  /** POST /query-stream: starts a SELECT and resolves once its header arrived. */
  async query(sql: string, settings: RequestSettings = {}): Promise<QueryStream> {
    const { stream, lines } = await this.openStream(sql, settings);
    const first = await lines.next();
    if (first.done === true) throw new RestError('The server ended the query before sending its header.', 200);
    const header = parseLine(first.value);
    const error = errorObject(header);
    if (error !== undefined) throw new RestError(error.message, 200, error.errorCode);
    const { queryId, columns } = queryHeader(header);
    const readers = columns.map((c) => compileFromJsonForm(c.type));
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      // Ask the server to end the query, then drop the stream whatever it answered.
      const reset = (): void => {
        if (!stream.closed) stream.close();
      };
      this.closeQuery(queryId).then(reset, reset);
    };
    const rows = async function* (): AsyncGenerator<unknown[]> {
      try {
        for (;;) {
          const next = await lines.next();
          if (closed) return;
          if (next.done === true) {
            // The server ended the query (LIMIT, a pull query's last row): nothing to close.
            closed = true;
            return;
          }
          const value = parseLine(next.value);
          if (Array.isArray(value)) yield decodeRow(value, readers);
          else {
            const failed = errorObject(value);
            if (failed !== undefined) throw new RestError(failed.message, 200, failed.errorCode);
          }
        }
      } catch (e) {
        // A stream dropped because we closed it is the end of the rows, not a failure.
        if (closed) return;
        throw e instanceof RestError ? e : new RestError(`The query's stream broke: ${e instanceof Error ? e.message : String(e)}`, 0);
      } finally {
        close();
      }
    };
    return { queryId, columns, close, [Symbol.asyncIterator]: rows };
  }

  /** PRINT through /query-stream: the record lines the server writes, as they come. */
  async print(sql: string, settings: RequestSettings = {}): Promise<PrintLines> {
    const { stream, lines } = await this.openStream(sql, settings);
    let closed = false;
    const close = (): void => {
      closed = true;
      if (!stream.closed) stream.close();
    };
    const generate = async function* (): AsyncGenerator<string> {
      try {
        for await (const line of lines) {
          if (closed) return;
          const failed = line.startsWith('{') ? errorObject(tryParse(line)) : undefined;
          if (failed !== undefined) throw new RestError(failed.message, 200, failed.errorCode);
          yield line;
        }
      } catch (e) {
        if (!closed) throw e instanceof RestError ? e : new RestError(`The PRINT stream broke: ${e instanceof Error ? e.message : String(e)}`, 0);
      } finally {
        close();
      }
    };
    return { close, [Symbol.asyncIterator]: generate };
  }

  /** POST /close-query: ends a query this client (or another) is streaming. */
  async closeQuery(queryId: string): Promise<void> {
    const { status, text } = await this.connection.request('POST', '/close-query', JSON.stringify({ queryId }), { accept: 'application/json' });
    if (status !== 200) throw answerError(status, text);
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private async openStream(sql: string, settings: RequestSettings) {
    const body = JSON.stringify({ sql, properties: settings.properties ?? {}, sessionVariables: settings.variables ?? {} });
    const { status, stream } = await this.connection.open('POST', '/query-stream', body, { accept: DELIMITED });
    if (status !== 200) {
      let text = '';
      stream.setEncoding('utf8');
      for await (const chunk of stream) text += chunk as string;
      throw answerError(status, text);
    }
    return { stream, lines: answerLines(stream) };
  }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function parseObject(text: string, what: string): Record<string, unknown> {
  const v = tryParse(text);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RestError(`The server's answer to ${what} is not a JSON object: ${text.slice(0, 200)}`, 200);
  return v as Record<string, unknown>;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A line of a query stream; numbers a double cannot hold (BIGINT, DECIMAL) are kept exact. */
function parseLine(line: string): unknown {
  try {
    return mayHoldLongNumber(line) ? parseJsonExact(line) : JSON.parse(line);
  } catch {
    throw new RestError(`The server sent a line that is not JSON: ${line.slice(0, 200)}`, 200);
  }
}

function queryHeader(v: unknown): { queryId: string; columns: QueryColumn[] } {
  const h = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const names = h['columnNames'];
  const types = h['columnTypes'];
  if (!Array.isArray(names) || !Array.isArray(types)) throw new RestError('The query header has no columnNames and columnTypes.', 200);
  const columns = names.map((name, i): QueryColumn => {
    const typeText = String(types[i] ?? 'STRING');
    let type: SqlType;
    try {
      type = parseTypeText(typeText);
    } catch {
      // A type this client does not know is shown as the server wrote the values.
      type = STRING;
    }
    return { name: String(name), type, typeText };
  });
  return { queryId: typeof h['queryId'] === 'string' ? h['queryId'] : '', columns };
}

/** A row's JSON values as engine values; a value that does not decode is kept as sent. */
function decodeRow(values: readonly unknown[], readers: readonly ((json: unknown) => unknown)[]): unknown[] {
  const row = new Array<unknown>(readers.length);
  for (let i = 0; i < readers.length; i++) {
    const v = values[i] ?? null;
    try {
      row[i] = readers[i]!(v);
    } catch {
      row[i] = v;
    }
  }
  return row;
}
