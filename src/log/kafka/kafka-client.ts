// Options for reaching a Kafka cluster and the kafkajs client built from them. kafkajs's own console
// logging is replaced here: its entries go to a callback (or, by default, warnings to stderr).

import kafkajs from 'kafkajs';
import type { Kafka, LogEntry, logLevel as KafkaJsLevel } from 'kafkajs';

export type KafkaLogLevel = 'error' | 'warn' | 'info' | 'debug';

/** One log line from the Kafka client, with its structured details (error text, topic, group...). */
export interface KafkaLogEntry {
  readonly level: KafkaLogLevel;
  /** The client component: Consumer, Producer, Connection, Cluster, Runner... */
  readonly namespace: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface KafkaLogOptions {
  /** `host:port` bootstrap servers, as a list or comma-separated. */
  readonly brokers: readonly string[] | string;
  /** Client id shown in broker logs and metrics. Default `ksqlite`. */
  readonly clientId?: string;
  /** Entries below this level are dropped before they are formatted. Default `warn`. */
  readonly logLevel?: KafkaLogLevel | 'nothing';
  /** Receives the client's log entries. Default: one line per entry on stderr. */
  readonly onLog?: (entry: KafkaLogEntry) => void;
  /** How long to wait for a TCP connection to a broker. Default 3000 ms. */
  readonly connectionTimeoutMs?: number;
  /** How long to wait for a broker's answer. Default 30000 ms. */
  readonly requestTimeoutMs?: number;
  /** Retries of a failed request or connection before giving up. Default 5 (about 10 s). */
  readonly retries?: number;
  /** Retries of a failed produce request (broker errors such as a moved leader) before it fails. Default 10. */
  readonly produceRetries?: number;
  /**
   * How long `produce` waits for an unreachable broker to come back before it fails. Default
   * 120000 ms: a broker restart pauses producers instead of failing them.
   */
  readonly outageTimeoutMs?: number;
}

const { Kafka: KafkaClient, logLevel } = kafkajs;

/**
 * kafkajs warns about finite retries on every idempotent producer; the retries are finite on
 * purpose (a produce to a deleted topic must fail, not retry forever), so the warning is noise.
 */
const IGNORED_MESSAGES: ReadonlySet<string> = new Set([
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
]);

const TO_KAFKAJS: Record<KafkaLogLevel | 'nothing', KafkaJsLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

function fromKafkaJs(level: KafkaJsLevel): KafkaLogLevel {
  if (level <= logLevel.ERROR) return 'error';
  if (level === logLevel.WARN) return 'warn';
  if (level === logLevel.INFO) return 'info';
  return 'debug';
}

/** When the default sink last printed each message, so an outage prints once per interval, not per retry. */
const lastPrinted = new Map<string, number>();
const REPEAT_AFTER_MS = 30_000;

/** The default sink: warnings are rare and worth seeing, but never with kafkajs's stack dumps. */
export function logToStderr(entry: KafkaLogEntry): void {
  const error = entry.fields['error'];
  const detail = typeof error === 'string' && !entry.message.includes(error) ? `: ${error}` : '';
  const line = `kafka ${entry.level.toUpperCase()} [${entry.namespace}] ${entry.message}${detail}`;
  const now = Date.now();
  const last = lastPrinted.get(line);
  if (last !== undefined && now - last < REPEAT_AFTER_MS) return;
  if (lastPrinted.size > 1000) lastPrinted.clear();
  lastPrinted.set(line, now);
  process.stderr.write(`${line}\n`);
}

export function brokerList(brokers: readonly string[] | string): string[] {
  const list = typeof brokers === 'string' ? brokers.split(',') : [...brokers];
  return list.map((b) => b.trim()).filter((b) => b.length > 0);
}

export function createKafkaClient(options: KafkaLogOptions): Kafka {
  const sink = options.onLog ?? logToStderr;
  return new KafkaClient({
    brokers: brokerList(options.brokers),
    clientId: options.clientId ?? 'ksqlite',
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    retry: { retries: options.retries ?? 5 },
    logLevel: TO_KAFKAJS[options.logLevel ?? 'warn'],
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
        if (IGNORED_MESSAGES.has(message)) return;
        sink({ level: fromKafkaJs(level), namespace, message: String(message), fields });
      },
  });
}
