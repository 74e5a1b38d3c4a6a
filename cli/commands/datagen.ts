// `ksqlite datagen`: writes realistic JSON records (with keys) of a quickstart data set into a
// topic of the embedded log, creating the topic if missing; at a given rate, for a given count,
// or until Ctrl-C; reproducible with --seed. Persistent queries over the topic run meanwhile.

import type { EngineTopics } from '../../src/log/topics.js';
import type { ProduceRecord } from '../../src/log/types.js';
import { Engine } from '../../src/engine/engine.js';
import { messageOf } from '../../src/errors.js';
import { QUICKSTARTS, Random } from './datagen-quickstarts.js';

export interface DatagenOptions {
  readonly quickstart: string;
  readonly topic: string;
  /** Records per second; undefined: as fast as possible. */
  readonly rate?: number;
  /** Records to write; undefined: until stopped. */
  readonly count?: number;
  readonly dataDir?: string;
  /** Bootstrap servers: write to Kafka instead of the embedded log. */
  readonly kafka?: string;
  readonly seed: number;
  /** Partitions of the topic when datagen creates it. */
  readonly partitions: number;
}

export const DATAGEN_USAGE = `Usage: ksqlite datagen --quickstart ${Object.keys(QUICKSTARTS).join('|')} [--topic T] [--rate N] [--count N]
                       [--data-dir DIR | --kafka HOST:PORT] [--seed S] [--partitions P]
  Writes JSON records into topic T (default: the quickstart's name), creating it with P partitions
  (default 1) if missing. --rate N: records per second (default 10 without --count, else as fast as
  possible; 0: no limit). --count N: stop after N records (default: until Ctrl-C). --seed S repeats
  a run's data. Persistent queries reading the topic process the records as they arrive.
`;

/** The options, or an error message. */
export function parseDatagenArgs(argv: readonly string[], defaultSeed: number): DatagenOptions | string {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(quickstart|topic|rate|count|data-dir|seed|partitions|kafka)(?:=(.*))?$/.exec(argv[i]!);
    if (!m) return `Unknown argument: ${argv[i]}`;
    const value = m[2] ?? argv[++i];
    if (value === undefined) return `--${m[1]} needs a value`;
    values[m[1]!] = value;
  }
  const quickstart = values.quickstart?.toLowerCase();
  if (quickstart === undefined) return '--quickstart is required';
  if (!(quickstart in QUICKSTARTS)) return `Unknown quickstart '${values.quickstart}': choose one of ${Object.keys(QUICKSTARTS).join(', ')}`;
  let problem: string | undefined;
  const num = (name: string, integer: boolean): number | undefined => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) problem ??= `--${name} must be a ${integer ? 'whole ' : ''}number >= 0, not '${raw}'`;
    return n;
  };
  const rate = num('rate', false);
  const count = num('count', true);
  const seed = num('seed', true);
  const partitions = num('partitions', true);
  if (problem !== undefined) return problem;
  if (partitions === 0) return '--partitions must be at least 1';
  // Without a count, a gentle default rate: a stream to watch, not a flood. --rate 0: no limit.
  const effectiveRate = rate ?? (count === undefined ? 10 : 0);
  const out: DatagenOptions = {
    quickstart,
    topic: values.topic ?? quickstart,
    seed: seed ?? defaultSeed,
    partitions: partitions ?? 1,
    ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
    ...(values['kafka'] !== undefined ? { kafka: values['kafka'] } : {}),
    ...(count !== undefined ? { count } : {}),
    ...(effectiveRate > 0 ? { rate: effectiveRate } : {}),
  };
  return out;
}

export interface DatagenIo {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Progress, about once a second. */
  progress(written: number, elapsedMs: number): void;
  stopped(): boolean;
}

type DatagenLog = Pick<EngineTopics, 'createTopic' | 'hasTopic' | 'produce'>;

/** Writes the records; returns how many were written. */
export async function generate(log: DatagenLog, options: DatagenOptions, io: DatagenIo): Promise<number> {
  const quickstart = QUICKSTARTS[options.quickstart]!;
  if (!log.hasTopic(options.topic)) log.createTopic(options.topic, { partitions: options.partitions });
  const next = quickstart.generator(new Random(options.seed), io.now);
  const start = io.now();
  let lastProgress = start;
  let written = 0;
  while (!io.stopped() && (options.count === undefined || written < options.count)) {
    let n = 500;
    if (options.rate !== undefined) {
      const due = Math.floor(((io.now() - start) / 1000) * options.rate) + 1 - written;
      if (due <= 0) {
        await io.sleep(Math.min(100, Math.ceil(1000 / options.rate)));
        continue;
      }
      n = Math.min(due, 1000);
    }
    if (options.count !== undefined) n = Math.min(n, options.count - written);
    const batch: ProduceRecord[] = [];
    for (let i = 0; i < n; i++) {
      const r = next();
      batch.push({ key: encodeKey(r.key), value: Buffer.from(JSON.stringify(r.value)), timestamp: r.timestamp });
    }
    log.produce(options.topic, batch);
    written += n;
    const t = io.now();
    if (t - lastProgress >= 1000) {
      lastProgress = t;
      io.progress(written, t - start);
    }
    // Yield so persistent queries over the topic (and Ctrl-C) get their turn.
    if (options.rate === undefined) await io.sleep(0);
  }
  return written;
}

function encodeKey(key: string | number): Buffer {
  if (typeof key === 'string') return Buffer.from(key);
  const b = Buffer.alloc(4);
  b.writeInt32BE(key);
  return b;
}

export async function runDatagenCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(DATAGEN_USAGE);
    return 0;
  }
  const options = parseDatagenArgs(argv, Date.now() % 2 ** 31);
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n${DATAGEN_USAGE}`);
    return 2;
  }
  let engine: Engine;
  try {
    engine = await Engine.open(options.kafka !== undefined ? { dataDir: options.dataDir, kafka: { brokers: options.kafka.split(',') } } : { dataDir: options.dataDir });
  } catch (e) {
    process.stderr.write(`ksqlite datagen: ${messageOf(e)}\n`);
    return 1;
  }
  let stop = false;
  const onSigint = (): void => {
    stop = true;
  };
  process.on('SIGINT', onSigint);
  const tty = process.stderr.isTTY === true;
  const line = (written: number, ms: number): string =>
    `${options.quickstart} -> topic '${options.topic}': ${written.toLocaleString('en-US')} records (${(written / Math.max(ms / 1000, 0.001)).toFixed(1)}/s)`;
  const started = Date.now();
  try {
    const kafkaTopics = engine.kafka?.topics;
    const written = await generate(engine.topics, options, {
      now: () => Date.now(),
      // In Kafka mode each pause also waits for the records queued so far, which bounds the queue.
      sleep: async (ms) => {
        if (kafkaTopics) await kafkaTopics.settle();
        await new Promise((resolve) => (ms <= 0 ? setImmediate(resolve) : setTimeout(resolve, ms)));
      },
      progress: (n, ms) => process.stderr.write(tty ? `\r${line(n, ms)}\u001b[K` : `${line(n, ms)}\n`),
      stopped: () => stop,
    });
    // Let the persistent queries reading the topic catch up, so derived streams are complete on exit.
    await kafkaTopics?.settle();
    if (!engine.kafka) engine.runUntilIdle();
    if (tty) process.stderr.write('\r\u001b[K');
    const readers = engine.catalog.sourcesOnTopic(options.topic).map((s) => s.name);
    const how =
      readers.length > 0
        ? `Read by: ${readers.join(', ')}.\n`
        : `Read them in the shell with:\n  ${QUICKSTARTS[options.quickstart]!.createStatement(options.topic)}\n`;
    process.stdout.write(
      `Wrote ${written.toLocaleString('en-US')} ${options.quickstart} records to topic '${options.topic}' in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${options.seed}).\n${how}`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(`ksqlite datagen: ${messageOf(e)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    await engine.close();
  }
}
