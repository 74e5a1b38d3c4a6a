// PRINT over the embedded log, shared by the shell and the REST server: which topic a PRINT names
// (case-insensitively, as ksqlDB), and the lines of the records appended since the last look,
// every n-th record up to a limit, with the guessed formats before the first one.

import { KsqlError } from '../errors.js';
import type { EmbeddedLog } from '../log/embedded/embedded-log.js';
import { formatRecord, formatsHeader } from './print-format.js';

export interface PrintOptions {
  readonly fromBeginning: boolean;
  /** Print every n-th record (1: all). */
  readonly interval: number;
  readonly limit?: number;
}

export interface PrintLine {
  readonly text: string;
  /** True for a record (counted by the status line), false for the format lines. */
  readonly isRecord: boolean;
}

/** PRINT names a topic case-insensitively when no topic has the exact name (as ksqlDB does). */
export function resolveTopic(names: readonly string[], wanted: string): string {
  if (names.includes(wanted)) return wanted;
  const matches = names.filter((n) => n.toLowerCase() === wanted.toLowerCase());
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new KsqlError('TOPIC', `Topic name '${wanted}' is ambiguous: ${matches.join(', ')}. Quote the exact name.`);
  throw new KsqlError(
    'TOPIC',
    `Could not find topic '${wanted}', or the KSQL user does not have permissions to list the topic. Topic names are case-sensitive.\nTo list topics, run: SHOW TOPICS;`,
  );
}

/** One PRINT's position in its topic; `poll` gives what was appended since. */
export class TopicPrinter {
  private readonly next: number[];
  private seen = 0;
  private printed = 0;
  private first = true;

  constructor(
    private readonly log: EmbeddedLog,
    readonly topic: string,
    private readonly options: PrintOptions,
  ) {
    this.next = log.endOffsets(topic).map((end, p) => (options.fromBeginning ? log.startOffset(topic, p) : end));
  }

  /** True once LIMIT records were printed. */
  get finished(): boolean {
    return this.options.limit !== undefined && this.printed >= this.options.limit;
  }

  /** The lines of up to `batch` new records per partition (empty: nothing new). */
  poll(batch: number): PrintLine[] {
    const lines: PrintLine[] = [];
    const interval = Math.max(1, this.options.interval);
    for (let p = 0; p < this.next.length && !this.finished; p++) {
      for (const r of this.log.read(this.topic, p, this.next[p]!, batch)) {
        this.next[p] = r.offset + 1;
        if (this.seen++ % interval !== 0) continue;
        // ksqlDB names the formats it guessed from the first record, once.
        if (this.first) for (const text of formatsHeader(r)) lines.push({ text, isRecord: false });
        this.first = false;
        lines.push({ text: formatRecord(r), isRecord: true });
        this.printed++;
        if (this.finished) break;
      }
    }
    return lines;
  }
}
