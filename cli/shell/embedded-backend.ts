// The shell's backend on an in-process Engine: statements go to the engine, PRINT reads the
// embedded log directly and formats its records as ksqlDB does (the engine leaves PRINT to its clients).

import { Engine } from '../../src/engine/engine.js';
import type { EngineOptions } from '../../src/engine/engine.js';
import type { StatementResult } from '../../src/engine/results.js';
import { KsqlError } from '../../src/errors.js';
import type { ParsedStatement } from '../../src/sql/ast.js';
import type { CompletionData, PrintLine, PrintOptions, PrintStream, RowStream, ShellBackend } from './backend.js';
import { formatRecord, formatsHeader } from './print-format.js';

/** How long PRINT sleeps when the topic has nothing new and no append was announced. */
const PRINT_IDLE_MS = 250;
const PRINT_BATCH = 200;

export class EmbeddedBackend implements ShellBackend {
  readonly mode = 'embedded' as const;
  readonly location: string;
  readonly engine: Engine;
  private functionNames: readonly string[] | undefined;

  constructor(options: EngineOptions, engine?: Engine) {
    this.engine = engine ?? new Engine(options);
    const dir = options.inMemory ? '(in memory)' : (options.dataDir ?? './ksqlite-data');
    this.location = options.kafka ? `Kafka ${[options.kafka.brokers].flat().join(',')} (state in ${dir})` : dir;
  }

  /** Opens the engine first (Kafka mode connects and replays the command topic). */
  static async open(options: EngineOptions): Promise<EmbeddedBackend> {
    return new EmbeddedBackend(options, await Engine.open(options));
  }

  parse(sql: string): ParsedStatement[] {
    return this.engine.parse(sql);
  }

  execute(sql: string): Promise<StatementResult[]> {
    return this.engine.execute(sql);
  }

  async query(sql: string): Promise<RowStream> {
    const q = await this.engine.query(sql);
    return {
      queryId: q.header.queryId,
      columns: q.header.columns,
      cancel: () => q.cancel(),
      [Symbol.asyncIterator]: () => q[Symbol.asyncIterator](),
    };
  }

  async print(topic: string, options: PrintOptions): Promise<PrintStream> {
    const log = this.engine.log;
    const name = resolveTopic(log.listTopics().map((t) => t.name), topic);
    const ends = log.endOffsets(name);
    const next = ends.map((end, p) => (options.fromBeginning ? log.startOffset(name, p) : end));
    let done = false;
    let wake: (() => void) | undefined;
    const unsubscribe = log.onAppend((t) => {
      if (t === name) wake?.();
    });
    const cancel = (): void => {
      done = true;
      unsubscribe();
      wake?.();
    };
    let polled = 0;
    let written = 0;
    let first = true;
    const pending: PrintLine[] = [];
    const fill = (): void => {
      for (let p = 0; p < next.length; p++) {
        for (const r of log.read(name, p, next[p]!, PRINT_BATCH)) {
          next[p] = r.offset + 1;
          if (polled++ % options.interval !== 0) continue;
          const record = { partition: r.partition, offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers };
          // ksqlDB names the formats it guessed from the first record, once.
          if (first) for (const text of formatsHeader(record)) pending.push({ text, isRecord: false });
          first = false;
          pending.push({ text: formatRecord(record), isRecord: true });
        }
      }
    };
    return {
      topic: name,
      cancel,
      [Symbol.asyncIterator]: (): AsyncIterator<PrintLine> => ({
        next: async (): Promise<IteratorResult<PrintLine>> => {
          while (!done && pending.length === 0) {
            fill();
            if (pending.length > 0) break;
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, PRINT_IDLE_MS);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wake = undefined;
          }
          const line = done ? undefined : pending.shift();
          if (line === undefined) return { value: undefined, done: true };
          if (line.isRecord) written++;
          if (options.limit !== undefined && written >= options.limit) cancel();
          return { value: line, done: false };
        },
        return: async (): Promise<IteratorResult<PrintLine>> => {
          cancel();
          return { value: undefined, done: true };
        },
      }),
    };
  }

  completionData(): Promise<CompletionData> {
    this.functionNames ??= this.engine.functions.list().map((f) => f.name);
    return Promise.resolve({
      sources: [...this.engine.catalog.sources.values()].map((s) => ({ name: s.name, columns: s.columns.map((c) => c.name) })),
      functions: this.functionNames,
      topics: this.engine.log.listTopics().map((t) => t.name),
    });
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/** PRINT names a topic case-insensitively when no topic has the exact name (as ksqlDB does). */
export function resolveTopic(names: readonly string[], wanted: string): string {
  if (names.includes(wanted)) return wanted;
  const matches = names.filter((n) => n.toLowerCase() === wanted.toLowerCase());
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new KsqlError('TOPIC', `Topic name '${wanted}' is ambiguous: ${matches.join(', ')}. Quote the exact name.`);
  throw new KsqlError('TOPIC', `Could not find topic '${wanted}', or the KSQL user does not have permissions to list the topic. Topic names are case-sensitive.\nTo list topics, run: SHOW TOPICS;`);
}
