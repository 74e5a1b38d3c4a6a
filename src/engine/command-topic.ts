// The command topic of Kafka mode (`_confluent-ksql-<service id>_command_topic`): every statement
// that changes the catalog, in order. Each instance executes its own statements, then appends
// them; it replays the topic at start and follows it, applying the other instances' statements.

import { randomBytes } from 'node:crypto';
import { KsqlError } from '../errors.js';
import type { KafkaGroupConsumer, KafkaLog } from '../log/kafka/index.js';
import type { ProduceRecord } from '../log/types.js';

export interface CommandRecord {
  readonly statement: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly queryId?: string;
  /** The instance that executed it (it skips its own when following). */
  readonly origin: string;
}

export function commandTopicName(serviceId: string): string {
  return `_confluent-ksql-${serviceId}_command_topic`;
}

export function commandRecord(cmd: CommandRecord): ProduceRecord {
  return { key: null, value: Buffer.from(JSON.stringify(cmd), 'utf8'), timestamp: Date.now(), partition: 0 };
}

export class CommandFollower {
  readonly instanceId = randomBytes(6).toString('hex');
  private consumer: KafkaGroupConsumer | undefined;
  private applied = 0;

  constructor(
    private readonly kafka: KafkaLog,
    private readonly topic: string,
    private readonly apply: (cmd: CommandRecord) => void,
  ) {}

  /** Creates the topic if needed, joins, and resolves once every command present at the call was applied. */
  async start(): Promise<void> {
    await this.kafka.createTopic(this.topic, { partitions: 1, cleanupPolicy: 'delete' });
    const end = (await this.kafka.endOffsets(this.topic))[0] ?? 0;
    let caughtUp: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      caughtUp = resolve;
    });
    if (end === 0) caughtUp();
    // A group of this instance's own, reading from the start: every instance sees every command.
    this.consumer = this.kafka.consumer({ groupId: `_ksqlite-commands-${this.instanceId}`, topics: [this.topic], autoOffsetReset: 'earliest', maxWaitTimeMs: 100 });
    await this.consumer.start(async (batch) => {
      for (const r of batch.records) {
        if (r.value !== null) {
          let cmd: CommandRecord;
          try {
            cmd = JSON.parse(r.value.toString('utf8')) as CommandRecord;
          } catch {
            throw new KsqlError('INTERNAL', `Command topic record at offset ${r.offset} is not a command`);
          }
          if (cmd.origin !== this.instanceId) this.apply(cmd);
        }
        this.applied = r.offset + 1;
      }
      if (batch.nextOffset >= end) caughtUp();
    });
    await ready;
  }

  get position(): number {
    return this.applied;
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    await this.kafka.deleteGroup(`_ksqlite-commands-${this.instanceId}`).catch(() => undefined);
  }
}
