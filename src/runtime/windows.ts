// Window definitions for aggregation, with Kafka Streams' (hence ksqlDB's) rules: which windows a
// timestamp falls in, the default grace period (24 hours minus the size, or none for EMIT FINAL),
// and how long closed windows are retained (never less than size plus grace).

import type { WindowInfo } from '../catalog/types.js';
import type { Duration, WindowExpression } from '../sql/ast.js';

const DAY_MS = 86_400_000;
const UNIT_MS: Record<Duration['unit'], number> = { MILLISECONDS: 1, SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: DAY_MS };

export function durationMs(d: Duration): number {
  return d.value * UNIT_MS[d.unit];
}

export interface WindowSpec {
  readonly type: 'TUMBLING' | 'HOPPING' | 'SESSION';
  /** Window size (time windows) or inactivity gap (sessions), in ms. */
  readonly sizeMs: number;
  readonly advanceMs: number;
  readonly graceMs: number;
  readonly retentionMs: number;
}

export function windowSpec(w: WindowExpression, emitFinal: boolean): WindowSpec {
  const size = durationMs(w.kind === 'SESSION' ? w.gap : w.size);
  const advance = w.kind === 'HOPPING' ? durationMs(w.advanceBy) : size;
  // Without GRACE PERIOD, Kafka Streams' legacy windows keep a day minus their size; EMIT FINAL
  // (ksqlDB's emit-on-window-close) closes a window as soon as stream time passes its end.
  const grace = w.grace !== undefined ? durationMs(w.grace) : emitFinal ? 0 : Math.max(DAY_MS - size, 0);
  const retention = Math.max(w.retention !== undefined ? durationMs(w.retention) : 0, size + grace);
  return { type: w.kind, sizeMs: size, advanceMs: advance, graceMs: grace, retentionMs: retention };
}

/** What the catalog records about a windowed sink's keys. */
export function windowInfoOf(w: WindowExpression): WindowInfo {
  return w.kind === 'SESSION' ? { type: 'SESSION' } : { type: w.kind, sizeMs: durationMs(w.size) };
}

/** Starts of the time windows containing `ts`, ascending (Kafka Streams' TimeWindows.windowsFor). */
export function windowStartsFor(ts: number, sizeMs: number, advanceMs: number): number[] {
  const out: number[] = [];
  let start = Math.floor(Math.max(0, ts - sizeMs + advanceMs) / advanceMs) * advanceMs;
  while (start <= ts) {
    out.push(start);
    start += advanceMs;
  }
  return out;
}
