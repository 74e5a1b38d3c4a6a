// The processing log: every record a query could not process, with the reason, counted per query
// and written to the KSQL_PROCESSING_LOG stream (JSON) when it exists.

import type { EngineTopics } from '../log/topics.js';

export const PROCESSING_LOG_STREAM = 'KSQL_PROCESSING_LOG';
export const PROCESSING_LOG_TOPIC = 'default_ksql_processing_log';

export interface ProcessingLogEntry {
  readonly queryId: string;
  readonly kind: string;
  readonly message: string;
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: number;
  readonly time: number;
}

export class ProcessingLog {
  private pending: ProcessingLogEntry[] = [];
  readonly counts = new Map<string, number>();

  constructor(
    private readonly log: EngineTopics,
    private readonly enabled: boolean,
  ) {}

  record(entry: ProcessingLogEntry): void {
    this.counts.set(entry.queryId, (this.counts.get(entry.queryId) ?? 0) + 1);
    if (this.enabled) this.pending.push(entry);
  }

  errorsOf(queryId: string): number {
    return this.counts.get(queryId) ?? 0;
  }

  /** Writes pending entries; called inside the batch transaction of the query that made them. */
  flush(): void {
    if (this.pending.length === 0 || !this.log.hasTopic(PROCESSING_LOG_TOPIC)) {
      this.pending = [];
      return;
    }
    const records = this.pending.map((e) => ({
      key: null,
      value: Buffer.from(
        JSON.stringify({
          LOGGER: `processing.${e.queryId}`,
          LEVEL: 'ERROR',
          TIME: e.time,
          MESSAGE: {
            TYPE: e.kind === 'DESERIALIZATION' ? 0 : 1,
            QUERYID: e.queryId,
            ERRORMESSAGE: e.message,
            TOPIC: e.topic ?? null,
            PARTITION: e.partition ?? null,
            OFFSET: e.offset ?? null,
          },
        }),
      ),
      timestamp: e.time,
    }));
    this.pending = [];
    this.log.produce(PROCESSING_LOG_TOPIC, records);
  }
}
