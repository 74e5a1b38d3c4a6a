// Turns kafkajs failures into KsqlErrors a user can act on: an unreachable broker says how to start
// one, a missing topic names it, a fenced transactional producer says another instance took over.

import { KsqlError, messageOf } from '../../errors.js';

/** The parts of a kafkajs error this module reads (kafkajs errors are plain classes with these fields). */
interface KafkaJsErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly type?: string;
  readonly cause?: unknown;
  readonly errors?: readonly unknown[];
}

function shape(e: unknown): KafkaJsErrorShape {
  return typeof e === 'object' && e !== null ? (e as KafkaJsErrorShape) : {};
}

/** The innermost error: kafkajs wraps the real failure in "number of retries exceeded" layers. */
export function rootCause(e: unknown): unknown {
  let current = e;
  for (let depth = 0; depth < 10; depth++) {
    const next = shape(current).cause;
    if (next === undefined || next === null || next === current) break;
    current = next;
  }
  return current;
}

/** The Kafka protocol error name (e.g. `UNKNOWN_TOPIC_OR_PARTITION`) of the failure, if it is one. */
export function protocolErrorType(e: unknown): string | undefined {
  const root = shape(rootCause(e));
  if (root.type !== undefined) return root.type;
  const first = shape(e).errors?.[0];
  return first === undefined ? undefined : shape(first).type;
}

/** Whether the failure came from the Kafka client (the network or the broker), not from user code. */
export function isKafkaFailure(e: unknown): boolean {
  const name = shape(rootCause(e)).name ?? '';
  // Wire*: the record-batch producer's own connection (wire-connection.ts).
  return name.startsWith('KafkaJS') || name === 'WireConnectionError' || name === 'WireProtocolError';
}

/** Whether the broker could not be reached (as opposed to answering with an error). */
export function isConnectionFailure(e: unknown): boolean {
  const name = shape(rootCause(e)).name ?? '';
  return (
    name === 'KafkaJSConnectionError' ||
    name === 'KafkaJSConnectionClosedError' ||
    name === 'KafkaJSNoBrokerAvailableError' ||
    name === 'KafkaJSBrokerNotFound' ||
    name === 'KafkaJSRequestTimeoutError' ||
    name === 'WireConnectionError'
  );
}

/**
 * A KsqlError for a failed Kafka operation. `what` says what was attempted ("create topic 'x'"),
 * `brokers` where the cluster was expected.
 */
export function kafkaError(e: unknown, what: string, brokers: readonly string[]): KsqlError {
  if (e instanceof KsqlError) return e;
  const error = describe(e, what, brokers);
  // Kept so that a consumer whose handler fails with this error knows it was the broker's fault
  // (see isKafkaFailure) and restarts instead of stopping.
  error.cause = e;
  return error;
}

function describe(e: unknown, what: string, brokers: readonly string[]): KsqlError {
  const cause = messageOf(rootCause(e));
  if (isConnectionFailure(e)) {
    return new KsqlError(
      'TOPIC',
      `Cannot ${what}: Kafka at ${brokers.join(',')} does not answer (${cause}). Check that the broker ` +
        `runs and the address is right; for development start one with 'npm run kafka:start'`,
    );
  }
  const type = protocolErrorType(e);
  switch (type) {
    case 'PRODUCER_FENCED':
    case 'INVALID_PRODUCER_EPOCH':
      return new KsqlError(
        'TOPIC',
        `Cannot ${what}: another producer with the same transactional id started since, so this one ` +
          `was fenced off. Its partitions have moved to another instance; close this producer`,
      );
    case 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED':
    case 'TOPIC_AUTHORIZATION_FAILED':
    case 'GROUP_AUTHORIZATION_FAILED':
      return new KsqlError('TOPIC', `Cannot ${what}: the Kafka cluster refused access (${cause})`);
    case 'MESSAGE_TOO_LARGE':
    case 'RECORD_LIST_TOO_LARGE':
      return new KsqlError(
        'TOPIC',
        `Cannot ${what}: a record is larger than the broker accepts (message.max.bytes, 1 MB by default)`,
      );
    default:
      return new KsqlError('TOPIC', `Cannot ${what}: ${type === undefined ? cause : `${type}: ${cause}`}`);
  }
}
