// One scan of a topic shared by many transient push queries (each `SELECT ... EMIT CHANGES` from
// the latest offset): records are read and decoded once, then each subscriber's operator chain
// gets its own shallow copy (operators replace `row`, never change the array they got).

import type { DataSource } from '../catalog/types.js';
import type { EmbeddedLog } from '../log/embedded/embedded-log.js';
import { messageOf } from '../errors.js';
import type { ErrorSink, Push, Rec } from './record.js';
import { sourceDecoder } from './source-decoder.js';
import type { Decoder } from './source-decoder.js';

const BATCH = 5000;

class SharedScan {
  private readonly positions: number[];
  private readonly decode: Decoder;
  readonly subscribers = new Set<Push>();

  constructor(
    private readonly log: EmbeddedLog,
    private readonly source: DataSource,
    private readonly errors: ErrorSink,
  ) {
    this.decode = sourceDecoder(source);
    this.positions = log.endOffsets(source.topic);
  }

  /** Reads what arrived since the last poll, once for all subscribers; returns the records read. */
  poll(): number {
    const topic = this.source.topic;
    let total = 0;
    for (let p = 0; p < this.positions.length; p++) {
      const from = this.positions[p]!;
      if (this.log.endOffset(topic, p) <= from) continue;
      const records = this.log.read(topic, p, from, BATCH);
      if (records.length === 0) continue;
      this.positions[p] = records[records.length - 1]!.offset + 1;
      total += records.length;
      for (const r of records) {
        let rec: Rec | null;
        try {
          rec = this.decode(r);
        } catch (e) {
          this.errors.recordError('DESERIALIZATION', messageOf(e), { topic: r.topic, partition: r.partition, offset: r.offset });
          continue;
        }
        if (rec === null) continue;
        for (const push of this.subscribers) push({ row: rec.row, ts: rec.ts, headers: rec.headers, nullValue: rec.nullValue, nullKey: rec.nullKey, window: rec.window });
      }
    }
    return total;
  }
}

const scans = new WeakMap<EmbeddedLog, Map<string, SharedScan>>();

export interface ScanSubscription {
  poll(): number;
  close(): void;
}

/** Subscribes `push` to the shared scan of `source` from its current end. */
export function subscribeShared(log: EmbeddedLog, source: DataSource, push: Push, errors: ErrorSink): ScanSubscription {
  let byTopic = scans.get(log);
  if (!byTopic) scans.set(log, (byTopic = new Map()));
  const key = `${source.name}\u0000${source.topic}`;
  let scan = byTopic.get(key);
  if (!scan) byTopic.set(key, (scan = new SharedScan(log, source, errors)));
  scan.subscribers.add(push);
  const s = scan;
  return {
    poll: () => s.poll(),
    close: () => {
      s.subscribers.delete(push);
      if (s.subscribers.size === 0 && byTopic.get(key) === s) byTopic.delete(key);
    },
  };
}

/** Number of shared scans and their subscribers (metrics and tests). */
export function sharedScanStats(log: EmbeddedLog): { scans: number; subscribers: number } {
  const byTopic = scans.get(log);
  let subscribers = 0;
  for (const s of byTopic?.values() ?? []) subscribers += s.subscribers.size;
  return { scans: byTopic?.size ?? 0, subscribers };
}
