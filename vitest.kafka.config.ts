// Tests against a real Kafka broker (npm run kafka:start first): one file at a time, since they
// share the broker, with timeouts long enough for consumer group rebalances.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/kafka/**/*.test.ts'],
    globalSetup: ['test/kafka/broker-check.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
