// RQTT through the real REST API: a TestEngine (src/testing) whose statements go to POST /ksql
// and whose queries go to POST /query of a KsqliteServer over the engine, answers read back in
// the form the test files write (`admin` entities, `query` elements). Records in and out still
// go through the engine-backed TestEngine the server wraps.

import http from 'node:http';
import type { Engine } from '../engine/engine.js';
import { ERROR_MESSAGE, STATEMENT_ERROR_MESSAGE } from '../testing/exceptions.js';
import { isJsonArray, isJsonObject, jsonObject, parseJson } from '../testing/json-value.js';
import type { JsonValue } from '../testing/json-value.js';
import type { StatementPosition, TestEngine, TestQuery, TestResponse } from '../testing/test-engine.js';
import { TestEngineError } from '../testing/test-engine.js';
import { KSQL_V1_PROTOBUF } from './protobuf-answer.js';
import { protobufRowText } from './protobuf-text.js';
import { KsqliteServer } from './server.js';

/**
 * Wraps `inner` (a TestEngine over `engine`) so execute() and query() go over HTTP to a server
 * started on `engine`. `properties` are sent with every request, as ksqlDB's runner does.
 */
export async function withRestApi(inner: TestEngine, engine: Engine, properties: Readonly<Record<string, string>>): Promise<TestEngine> {
  const server = await KsqliteServer.start({ engine, host: '127.0.0.1', port: 0 });
  const agent = new http.Agent({ keepAlive: true });
  const client = new RestClient(server.url, agent, properties);
  return {
    execute: (statement, at) => client.execute(statement, at),
    query: (statement, _at, options) => client.query(statement, options?.format ?? 'JSON'),
    produce: (record) => inner.produce(record),
    runUntilIdle: () => inner.runUntilIdle(),
    readTopic: (topic) => inner.readTopic(topic),
    sources: () => inner.sources(),
    topics: () => inner.topics(),
    close: async () => {
      agent.destroy();
      await server.close();
      await inner.close();
    },
  };
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

/** The HTTP half: ksqlDB's REST answers in RQTT form, and its error objects as TestEngineErrors. */
export class RestClient {
  constructor(
    private readonly url: string,
    private readonly agent: http.Agent,
    private readonly properties: Readonly<Record<string, string>>,
  ) {}

  async execute(statement: string, _at: StatementPosition): Promise<readonly TestResponse[]> {
    const answer = await this.post('/ksql', { ksql: statement, streamsProperties: this.properties });
    const body = parseJson(answer.text);
    if (answer.status !== 200) throw errorOf(answer.status, body);
    if (!isJsonArray(body)) throw new TestEngineError(ERROR_MESSAGE, `Unexpected /ksql answer: ${answer.text}`, { status: answer.status });
    return body.map((e) => ({ admin: isJsonObject(e) ? e : { value: e } }));
  }

  /** Resolves once the server answered with its header (the query runs), or rejects with its error. */
  query(statement: string, format: 'JSON' | 'PROTOBUF' = 'JSON'): Promise<TestQuery> {
    const headers = { 'content-type': 'application/json', ...(format === 'PROTOBUF' ? { accept: KSQL_V1_PROTOBUF } : {}) };
    return new Promise((resolve, reject) => {
      const req = http.request(`${this.url}/query`, { method: 'POST', agent: false, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        const done = new Promise<readonly JsonValue[]>((ok, fail) => {
          res.on('end', () => {
            try {
              const elements = parseQueryAnswer(text);
              ok(format === 'PROTOBUF' ? protobufElements(elements) : elements);
            } catch (e) {
              fail(e instanceof Error ? e : new Error(String(e)));
            }
          });
          res.on('error', fail);
        });
        if (res.statusCode !== 200) {
          res.on('data', (d: string) => (text += d));
          res.on('end', () => reject(errorOf(res.statusCode ?? 0, safeParse(text))));
          return;
        }
        let started = false;
        res.on('data', (d: string) => {
          text += d;
          if (!started) {
            started = true;
            resolve({ done, close: async () => void req.destroy() });
          }
        });
        done.catch(() => undefined);
      });
      req.on('error', reject);
      req.end(JSON.stringify({ ksql: statement, streamsProperties: this.properties }));
    });
  }

  private post(path: string, body: object): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = http.request(`${this.url}${path}`, { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }
}

/**
 * The elements of a /query answer. Read line by line as ksqlDB's own clients do, since a
 * streamed answer may end with ",\n]" (one comma per element).
 */
export function parseQueryAnswer(text: string): JsonValue[] {
  const out: JsonValue[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (line.startsWith('[')) line = line.slice(1);
    if (line.endsWith(']')) line = line.slice(0, -1);
    if (line.startsWith(',')) line = line.slice(1);
    if (line.endsWith(',')) line = line.slice(0, -1);
    if (line.trim() !== '') out.push(parseJson(line));
  }
  return out;
}

/**
 * A PROTOBUF answer as ksqlDB's REST test runner shows it: each row's bytes decoded with the
 * header's proto schema and printed in protobuf's text format.
 */
export function protobufElements(elements: readonly JsonValue[]): JsonValue[] {
  let schema: string | undefined;
  return elements.map((e) => {
    if (!isJsonObject(e)) return e;
    const header = e['header'];
    if (isJsonObject(header) && typeof header['protoSchema'] === 'string') schema = header['protoSchema'];
    const row = e['row'];
    if (isJsonObject(row) && typeof row['protobufBytes'] === 'string' && schema !== undefined) return jsonObject([['row', protobufRowText(schema, row['protobufBytes'])]]);
    return e;
  });
}

function safeParse(text: string): JsonValue {
  try {
    return parseJson(text);
  } catch {
    return text;
  }
}

/** ksqlDB's error object as the exception its RestTestExecutor names (by the entity's class). */
function errorOf(status: number, body: JsonValue): TestEngineError {
  if (!isJsonObject(body)) return new TestEngineError(ERROR_MESSAGE, String(body), { status });
  const message = typeof body['message'] === 'string' ? body['message'] : JSON.stringify(body);
  return new TestEngineError(body['@type'] === 'statement_error' ? STATEMENT_ERROR_MESSAGE : ERROR_MESSAGE, message, { status });
}
