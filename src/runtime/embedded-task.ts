// Drives one query over the embedded log, batch at a time per partition: read records from the
// query's position, decode, push through the operator chain, then write the outputs and the new
// position in one SQLite transaction (so a crash neither loses nor repeats an output).

import type { DataSource } from '../catalog/types.js';
import type { EmbeddedLog } from '../log/embedded/embedded-log.js';
import type { LogRecord, ProduceRecord } from '../log/types.js';
import { KsqlError, messageOf } from '../errors.js';
import type { ErrorSink, Push } from './record.js';
import { sourceDecoder } from './source-decoder.js';
import type { Decoder } from './source-decoder.js';

export interface TaskOptions {
  readonly log: EmbeddedLog;
  readonly source: DataSource;
  /** Consumer group whose committed offsets hold the position; absent for transient queries. */
  readonly group?: string;
  readonly offsetReset: 'earliest' | 'latest';
  readonly errors: ErrorSink;
  /** Called inside the batch transaction, after all records of the batch were pushed. */
  readonly flush: () => void;
  /** Called when a batch's transaction rolled back: in-memory state of the batch must go. */
  readonly abort?: () => void;
  readonly batchSize?: number;
  /** A batch stops after the read that takes it past this many ms (ksqlDB's commit interval); default 2000. */
  readonly batchMs?: number;
}

/**
 * Records per batch (per partition). Large, because each batch's state, window and table writes
 * are deduplicated by key before SQLite sees them: a GROUP BY over 10k keys writes half the rows
 * per record at 20k than at 5k (~1.4x the records per CPU second, measured), 50k took another
 * ~12% off the CPU time of GROUP BY and tumbling-window counts than 20k, and 200k (with the record
 * cache, which keeps a batch's outputs to one per row) another ~10-15%. A batch also ends when it
 * has run for the commit interval, so a large backlog does not hold the thread for long.
 */
const DEFAULT_BATCH = 200_000;
/** ksqlDB's default `ksql.streams.commit.interval.ms`. */
export const DEFAULT_BATCH_MS = 2000;
const COMMIT_INTERVAL = 'ksql.streams.commit.interval.ms';

/** The batch time bound given by `ksql.streams.commit.interval.ms` in `properties`, or the default. */
export function commitIntervalMs(properties: Readonly<Record<string, string>>): number {
  const text = properties[COMMIT_INTERVAL];
  if (text === undefined) return DEFAULT_BATCH_MS;
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < 0) {
    throw new KsqlError('INVALID_STATEMENT', `Invalid value '${text}' for property ${COMMIT_INTERVAL}: give a whole number of ms >= 0`);
  }
  return n;
}
/** Records read from the log at a time within a batch: the input's buffers need not all be held at once. */
const READ_CHUNK = 10_000;

export class EmbeddedTask {
  private readonly positions: number[] = [];
  private readonly decode: Decoder;
  private push: Push = () => undefined;
  readonly topic: string;
  /** Records read, and records that failed to decode. */
  recordsIn = 0;
  failed = 0;

  constructor(private readonly opts: TaskOptions) {
    this.topic = opts.source.topic;
    this.decode = sourceDecoder(opts.source);
    const info = opts.log.describeTopic(this.topic);
    const partitions = info?.partitions ?? 0;
    for (let p = 0; p < partitions; p++) {
      const committed = opts.group !== undefined ? opts.log.committedOffset(opts.group, this.topic, p) : undefined;
      this.positions.push(
        committed ?? (opts.offsetReset === 'earliest' ? opts.log.startOffset(this.topic, p) : opts.log.endOffset(this.topic, p)),
      );
    }
    if (opts.group !== undefined) this.commit();
  }

  setDownstream(push: Push): void {
    this.push = push;
  }

  /** True when some partition has records past the task's position. */
  hasPending(): boolean {
    for (let p = 0; p < this.positions.length; p++) if (this.opts.log.endOffset(this.topic, p) > this.positions[p]!) return true;
    return false;
  }

  /** Processes at most one batch per partition; returns how many records it read. */
  poll(): number {
    const { log } = this.opts;
    const size = this.opts.batchSize ?? DEFAULT_BATCH;
    const maxMs = this.opts.batchMs ?? DEFAULT_BATCH_MS;
    let total = 0;
    for (let p = 0; p < this.positions.length; p++) {
      const from = this.positions[p]!;
      if (log.endOffset(this.topic, p) <= from) continue;
      const first = log.read(this.topic, p, from, Math.min(size, READ_CHUNK));
      if (first.length === 0) continue;
      let next = from;
      let read = 0;
      const started = performance.now();
      try {
        log.transaction(() => {
          let records = first;
          while (true) {
            this.process(records);
            read += records.length;
            next = records[records.length - 1]!.offset + 1;
            if (read >= size || records.length < READ_CHUNK || performance.now() - started >= maxMs) break;
            records = log.read(this.topic, p, next, Math.min(size - read, READ_CHUNK));
            if (records.length === 0) break;
          }
          this.opts.flush();
          if (this.opts.group !== undefined) log.commitOffsets(this.opts.group, [{ topic: this.topic, partition: p, offset: next }]);
        });
      } catch (e) {
        this.opts.abort?.();
        throw e;
      }
      this.positions[p] = next;
      total += read;
    }
    return total;
  }

  private process(records: readonly LogRecord[]): void {
    for (const r of records) {
      this.recordsIn++;
      let rec;
      try {
        rec = this.decode(r);
      } catch (e) {
        this.failed++;
        this.opts.errors.recordError('DESERIALIZATION', messageOf(e), { topic: r.topic, partition: r.partition, offset: r.offset });
        continue;
      }
      if (rec !== null) this.push(rec);
    }
  }

  private commit(): void {
    if (this.opts.group === undefined) return;
    this.opts.log.commitOffsets(
      this.opts.group,
      this.positions.map((offset, partition) => ({ topic: this.topic, partition, offset })),
    );
  }
}

export type { ProduceRecord };
