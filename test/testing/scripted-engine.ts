// A scripted TestEngine for driving the test runner in its own tests. It knows no SQL and is not
// a model of ksqlDB: each "statement" is a one-line command of this script, so a test can make the
// engine succeed, fail or hang exactly where it needs to, and see the order of the runner's calls.
//
//   COPY <from> TO <to>           every record on <from> is copied to <to> when processed
//   FAIL <java.class.Name> <msg>  refuse the statement with that exception
//   KSQLFAIL <CODE> <msg>         refuse it with a KsqlError
//   OVERFLOW <from> TO <to>       like COPY, but processing a value whose V is negative fails
//   INSERT <topic> <json value>   append a record stamped with the wall clock, like INSERT VALUES
//   HANG                          never answer
//   SELECT <topic> [LIMIT n]      (query) answer the topic's values as rows; with LIMIT, wait for n

import { KsqlError } from '../../src/errors.js';
import type { ErrorCode } from '../../src/errors.js';
import { parseJson } from '../../src/testing/json-value.js';
import type { JsonValue } from '../../src/testing/json-value.js';
import { TestEngineError } from '../../src/testing/test-engine.js';
import type {
  StatementPosition,
  TestEngine,
  TestEngineFactory,
  TestEngineSetup,
  TestQuery,
  TestRecord,
  TestResponse,
  TestSourceInfo,
  TestTopicInfo,
} from '../../src/testing/test-engine.js';

interface Rule {
  readonly from: string;
  readonly to: string;
  readonly failOnNegative: boolean;
}

interface PushQuery {
  readonly topic: string;
  readonly limit: number;
  readonly rows: JsonValue[];
  resolve: (rows: JsonValue[]) => void;
}

export class ScriptedEngine implements TestEngine {
  readonly log: string[] = [];
  readonly data = new Map<string, TestRecord[]>();
  closed = false;
  private readonly rules: Rule[] = [];
  private pending: TestRecord[] = [];
  private readonly pushQueries: PushQuery[] = [];

  constructor(
    readonly setup: TestEngineSetup,
    private readonly catalog: { sources: TestSourceInfo[]; topics: TestTopicInfo[] } = { sources: [], topics: [] },
  ) {}

  private append(r: TestRecord): void {
    const list = this.data.get(r.topic) ?? [];
    list.push(r);
    this.data.set(r.topic, list);
    this.pending.push(r);
  }

  async execute(statement: string, at: StatementPosition): Promise<readonly TestResponse[]> {
    this.log.push(`execute ${at.index}@${at.line}: ${statement}`);
    const [verb = '', ...rest] = statement.split(' ');
    switch (verb) {
      case 'COPY':
      case 'OVERFLOW':
        this.rules.push({ from: rest[0] ?? '', to: rest[2] ?? '', failOnNegative: verb === 'OVERFLOW' });
        break;
      case 'FAIL':
        throw new TestEngineError(rest[0] ?? '', rest.slice(1).join(' '));
      case 'KSQLFAIL':
        throw new KsqlError((rest[0] ?? 'INTERNAL') as ErrorCode, rest.slice(1).join(' '));
      case 'INSERT':
        this.append({ topic: rest[0] ?? '', key: null, value: parseJson(rest.slice(1).join(' ')), timestamp: Date.now(), headers: [], window: null });
        break;
      case 'HANG':
        return new Promise<never>(() => undefined);
      default:
        break;
    }
    return [{ admin: { '@type': 'currentStatus', statementText: statement } }];
  }

  async query(statement: string, at: StatementPosition, options: { readonly format: 'JSON' | 'PROTOBUF' }): Promise<TestQuery> {
    this.log.push(`query ${at.index}@${at.line} ${options.format}: ${statement}`);
    const m = /^SELECT (\S+)(?: LIMIT (\d+))?/.exec(statement);
    if (m === null) throw new KsqlError('SYNTAX', `cannot read ${statement}`);
    const topic = m[1] ?? '';
    const header = { header: { queryId: 'transient_1', schema: '`V` INTEGER' } };
    if (m[2] === undefined) {
      const rows = (this.data.get(topic) ?? []).map((r) => ({ row: { columns: [r.value] } }));
      return { done: Promise.resolve([header, ...rows]), close: async () => undefined };
    }
    const limit = Number(m[2]);
    const done = new Promise<JsonValue[]>((resolve) => {
      this.pushQueries.push({ topic, limit, rows: [], resolve });
    });
    return { done: done.then((rows) => [header, ...rows, { finalMessage: 'Limit Reached' }]), close: async () => undefined };
  }

  async produce(record: TestRecord): Promise<void> {
    this.log.push(`produce ${record.topic} @${record.timestamp}`);
    this.append(record);
  }

  async runUntilIdle(): Promise<void> {
    this.log.push('runUntilIdle');
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      for (const r of batch) {
        for (const q of this.pushQueries) {
          if (q.topic !== r.topic || q.rows.length >= q.limit) continue;
          q.rows.push({ row: { columns: [r.value] } });
          if (q.rows.length === q.limit) q.resolve(q.rows);
        }
        for (const rule of this.rules) {
          if (rule.from !== r.topic) continue;
          const v = r.value as { V?: unknown } | null;
          if (rule.failOnNegative && typeof v?.V === 'number' && v.V < 0) throw new KsqlError('EVALUATION', 'Numeric field overflow');
          this.append({ ...r, topic: rule.to });
        }
      }
    }
  }

  async readTopic(topic: string): Promise<readonly TestRecord[]> {
    this.log.push(`readTopic ${topic}`);
    return this.data.get(topic) ?? [];
  }

  async sources(): Promise<readonly TestSourceInfo[]> {
    return this.catalog.sources;
  }

  async topics(): Promise<readonly TestTopicInfo[]> {
    return this.catalog.topics;
  }

  async close(): Promise<void> {
    this.log.push('close');
    this.closed = true;
  }
}

/** A factory that remembers every engine it made, so tests can look at them afterwards. */
export function scriptedFactory(catalog?: { sources: TestSourceInfo[]; topics: TestTopicInfo[] }): TestEngineFactory & { engines: ScriptedEngine[] } {
  const engines: ScriptedEngine[] = [];
  const factory = async (setup: TestEngineSetup): Promise<TestEngine> => {
    const e = new ScriptedEngine(setup, catalog);
    engines.push(e);
    return e;
  };
  return Object.assign(factory, { engines });
}
