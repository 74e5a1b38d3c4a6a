// The README's "Running on Kafka" commands, with the built binary against the real broker:
// `ksqlite datagen --kafka` writes records, `ksqlite run FILE --kafka --until-idle` processes them.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { KafkaLog } from '../../src/log/kafka/index.js';
import { readToEnd } from '../../src/log/kafka/partition-reader.js';
import { BROKERS, openLog, unique } from './kafka-fixtures.js';

const run = promisify(execFile);
const bin = join(dirname(fileURLToPath(import.meta.url)), '../../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'ksqlite-cli-kafka-'));
let log: KafkaLog | undefined;
afterAll(async () => {
  await log?.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('the ksqlite commands in Kafka mode', () => {
  it('generates records into Kafka and runs a query file over them until idle', async () => {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first`);
    const topic = unique('pageviews');
    const sink = unique('long-views');
    const svc = unique('svc').replace(/-/g, '_');
    await run(process.execPath, [bin, 'datagen', '--quickstart', 'pageviews', '--topic', topic, '--count', '200', '--seed', '7', '--kafka', BROKERS, '--data-dir', join(dir, 'gen')]);
    const file = join(dir, 'views.sql');
    writeFileSync(
      file,
      `CREATE STREAM pv (viewtime BIGINT, userid STRING, pageid STRING) WITH (KAFKA_TOPIC='${topic}', VALUE_FORMAT='JSON');
       SET 'auto.offset.reset' = 'earliest';
       CREATE STREAM long_views WITH (KAFKA_TOPIC='${sink}') AS SELECT userid, pageid FROM pv;`,
    );
    const out = await run(process.execPath, [bin, 'run', file, '--kafka', BROKERS, '--service-id', svc, '--until-idle', '--data-dir', join(dir, 'run')], { timeout: 110_000 });
    expect(out.stderr).not.toMatch(/error/i);
    log = await openLog();
    let n = 0;
    await readToEnd(log, sink, () => n++);
    expect(n).toBe(200);
  });
});
