// Runs once before the Kafka tests: stops the run at once, with the fix, when no broker answers.

import { KafkaLog } from '../../src/log/kafka/index.js';
import { BROKERS } from './kafka-fixtures.js';

export default async function brokerCheck(): Promise<void> {
  const log = new KafkaLog({ brokers: BROKERS, retries: 0, connectionTimeoutMs: 2000, logLevel: 'nothing' });
  try {
    await log.connect();
  } catch (e) {
    throw new Error(
      `The Kafka tests need a running broker. ${e instanceof Error ? e.message : String(e)} ` +
        `(KSQLITE_KAFKA_BROKERS points the tests at another broker.)`,
    );
  } finally {
    await log.disconnect();
  }
}
