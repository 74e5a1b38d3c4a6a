// The shell's backend on an in-process Engine: statements go to the engine, PRINT reads the
// embedded log directly and formats its records as ksqlDB does (the engine leaves PRINT to its clients).

import { Engine } from '../../src/engine/engine.js';
import type { EngineOptions } from '../../src/engine/engine.js';
import type { StatementResult } from '../../src/engine/results.js';
import type { ParsedStatement } from '../../src/sql/ast.js';
import type { CompletionData, PrintLine, PrintOptions, PrintStream, RowStream, ShellBackend } from './backend.js';
import { resolveTopic, TopicPrinter } from '../../src/engine/print-topic.js';

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
    const printer = new TopicPrinter(log, resolveTopic(log.listTopics().map((t) => t.name), topic), options);
    let done = false;
    let wake: (() => void) | undefined;
    const unsubscribe = log.onAppend((t) => {
      if (t === printer.topic) wake?.();
    });
    const cancel = (): void => {
      done = true;
      unsubscribe();
      wake?.();
    };
    const pending: PrintLine[] = [];
    return {
      topic: printer.topic,
      cancel,
      [Symbol.asyncIterator]: (): AsyncIterator<PrintLine> => ({
        next: async (): Promise<IteratorResult<PrintLine>> => {
          while (!done && pending.length === 0) {
            if (printer.finished) {
              cancel();
              break;
            }
            pending.push(...printer.poll(PRINT_BATCH));
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

