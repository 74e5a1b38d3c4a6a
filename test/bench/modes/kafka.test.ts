import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokerAnswers, renameTopics } from '../../../bench/modes/kafka.js';
import { peerProjectDir } from '../../../bench/peers/kafka-streams.js';
import { NEXMARK_DDL } from '../../../bench/nexmark/queries.js';

describe('bench Kafka mode', () => {
  it("points every stream of a data set's DDL at this run's topics", () => {
    const ddl = renameTopics(NEXMARK_DDL, (t) => `bench-x1-${t}`);
    expect(ddl).toContain("KAFKA_TOPIC='bench-x1-nexmark-bid'");
    expect(ddl).toContain("KAFKA_TOPIC='bench-x1-nexmark-person'");
    expect(ddl).not.toMatch(/KAFKA_TOPIC='nexmark-/);
  });

  it('sees a listening port as a broker and a closed one as none (the mode is then skipped)', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    expect(await brokerAnswers(`127.0.0.1:${port}`)).toBe(true);
    await new Promise<void>((r) => server.close(() => r()));
    expect(await brokerAnswers(`127.0.0.1:${port}`)).toBe(false);
  });

  it('finds the Kafka Streams peer project to build', () => {
    const dir = peerProjectDir();
    expect(dir).toBeDefined();
    expect(existsSync(join(dir!, 'src', 'main', 'java', 'ksqlite', 'peer', 'Peer.java'))).toBe(true);
  });
});
