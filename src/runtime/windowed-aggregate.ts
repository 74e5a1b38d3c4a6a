// TUMBLING and HOPPING aggregation: each record folds into every window containing its timestamp,
// kept in a window store; records for windows closed by stream time (end + grace) are dropped and
// counted. EMIT CHANGES emits each window's new row; EMIT FINAL emits a window once, when it closes.

import { messageOf } from '../errors.js';
import type { AggregateNode } from '../plan/logical-plan.js';
import type { WindowExpression } from '../sql/ast.js';
import type { AggregateContext, AggregateSpec } from './aggregate-spec.js';
import type { Push, Rec } from './record.js';
import { WindowClock } from './window-clock.js';
import { ChangeBuffer } from './change-buffer.js';
import { windowSpec, windowStartsFor } from './windows.js';

/** A window's state: the latest timestamp folded in, the group's values and the aggregate states. */
interface WinState {
  t: number;
  g: unknown[];
  s: unknown[];
}

/** Bounds of emitted windows, one object per window start (outputs share it; nothing mutates it). */
interface Bounds {
  readonly start: number;
  readonly end: number;
}

export function compileWindowedAggregate(
  node: AggregateNode,
  window: Exclude<WindowExpression, { kind: 'SESSION' }>,
  spec: AggregateSpec,
  downstream: Push,
  ctx: AggregateContext,
): Push {
  const final = node.emitFinal === true;
  const w = windowSpec(window, final);
  const size = w.sizeMs;
  const tumbling = w.advanceMs === size;
  const store = ctx.stores.window('windows', size);
  const clock = new WindowClock(ctx.stores.keyValue('window-clock'));

  // Consecutive records mostly fall in the same window: its bounds object is reused.
  let lastBounds: Bounds = { start: NaN, end: NaN };
  const emit = (st: WinState, start: number, headers: Rec['headers']): void => {
    const win = lastBounds.start === start ? lastBounds : (lastBounds = { start, end: start + size });
    downstream({ row: spec.output(st.g, st.s, st.t, win), ts: st.t, headers, window: win });
  };

  // With the record cache on, a window's row is emitted once per batch, at its end.
  const changed =
    !final && ctx.batchEnd !== undefined
      ? new ChangeBuffer<WinState, number>(
          ctx.batchEnd.cacheBytes,
          (st) => 64 + 16 * (st.g.length + st.s.length),
          (st, start, _ts, headers) => emit(st, start, headers),
        )
      : undefined;
  if (changed !== undefined) ctx.batchEnd!.register(changed);

  /** EMIT FINAL: emits, in window order, the windows that closed since the last emission and are still retained. */
  const emitClosed = (closeTime: number, rec: Rec): void => {
    const upper = closeTime - size;
    if (upper < 0 || (clock.lastEmit !== null && closeTime <= clock.lastEmit)) return;
    const lower = clock.lastEmit === null ? 0 : clock.lastEmit - size + 1;
    const from = Math.max(lower, clock.maxStart - w.retentionMs);
    if (from <= upper) for (const x of store.windowsEndingIn(from + size, upper + size + 1)) emit(x.value as WinState, x.start, rec.headers);
    clock.emitted(closeTime);
  };

  return (rec) => {
    if (rec.nullValue === true) return;
    try {
      const row = spec.read(rec);
      if (row === null) return;
      const ts = rec.ts;
      clock.observe(ts);
      const closeTime = clock.streamTime - w.graceMs;
      // A tumbling window is the one start at or before ts: no array of starts per record.
      const starts = tumbling ? null : windowStartsFor(ts, size, w.advanceMs);
      // (windowStartsFor's rule: no window before 0, so a negative timestamp has none.)
      const count = starts !== null ? starts.length : ts >= 0 ? 1 : 0;
      for (let i = 0; i < count; i++) {
        const start = starts === null ? Math.floor(ts / size) * size : starts[i]!;
        if (start + size <= closeTime) {
          ctx.errors.countLate?.();
          continue;
        }
        let st = store.get(row.group, start) as WinState | undefined;
        if (st === undefined) st = { t: ts, g: row.groupValues, s: spec.init() };
        else if (ts > st.t) st.t = ts;
        spec.add(st.s, row);
        store.put(row.group, start, st);
        clock.started(start);
        if (changed !== undefined) changed.set(st, start, ts, rec.headers);
        else if (!final) emit(st, start, rec.headers);
      }
      // Windows starting before maxStart - retention are gone (pull queries no longer see them).
      store.expire(clock.maxStart - w.retentionMs + size);
      if (final) emitClosed(closeTime, rec);
      clock.save();
    } catch (e) {
      ctx.errors.recordError('EVALUATION', messageOf(e));
    }
  };
}
