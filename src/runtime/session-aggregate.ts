// SESSION aggregation: a record opens the session [ts, ts] of its key, merged with every session
// of that key within the inactivity gap. Merged-away sessions are deleted downstream (tombstones)
// under EMIT CHANGES; EMIT FINAL emits each session once, when stream time passes its end + grace.

import { messageOf } from '../errors.js';
import type { AggregateNode } from '../plan/logical-plan.js';
import type { WindowExpression } from '../sql/ast.js';
import type { AggregateContext, AggregateSpec } from './aggregate-spec.js';
import type { Push, Rec } from './record.js';
import { WindowClock } from './window-clock.js';
import { windowSpec } from './windows.js';

interface SessionState {
  g: unknown[];
  s: unknown[];
}

export function compileSessionAggregate(
  node: AggregateNode,
  window: Extract<WindowExpression, { kind: 'SESSION' }>,
  spec: AggregateSpec,
  downstream: Push,
  ctx: AggregateContext,
): Push {
  const final = node.emitFinal === true;
  const w = windowSpec(window, final);
  const gap = w.sizeMs;
  const store = ctx.stores.session('sessions');
  const clock = new WindowClock(ctx.stores.keyValue('window-clock'));

  const emit = (st: SessionState, start: number, end: number, rec: Rec): void => {
    const win = { start, end };
    downstream({ row: spec.output(st.g, st.s, end, win), ts: end, headers: rec.headers, window: win });
  };

  const emitClosed = (closeTime: number, rec: Rec): void => {
    if (clock.lastEmit !== null && closeTime <= clock.lastEmit) return;
    const from = clock.lastEmit ?? Number.MIN_SAFE_INTEGER;
    for (const x of store.sessionsEndingIn(from, closeTime)) emit(x.value as SessionState, x.start, x.end, rec);
    clock.emitted(closeTime);
  };

  return (rec) => {
    if (rec.nullValue === true) return;
    try {
      const row = spec.read(rec);
      if (row === null) return;
      const ts = rec.ts;
      clock.observe(ts);
      // A session can still grow by a record within the gap after its end: it closes gap + grace later.
      const closeTime = clock.streamTime - w.graceMs - gap;
      const overlapping = store.findSessions(row.group, ts - gap, ts + gap);
      let states = spec.init();
      let start = ts;
      let end = ts;
      for (const x of overlapping) {
        states = spec.merge(states, (x.value as SessionState).s);
        if (x.start < start) start = x.start;
        if (x.end > end) end = x.end;
      }
      if (end < closeTime) {
        ctx.errors.countLate?.();
        return;
      }
      if (start !== ts || end !== ts) {
        for (const x of overlapping) {
          store.remove(row.group, x.start, x.end);
          if (!final) {
            const win = { start: x.start, end: x.end };
            const tomb = spec.output((x.value as SessionState).g, (x.value as SessionState).s, x.end, win);
            downstream({ row: tomb, ts: x.end, headers: rec.headers, nullValue: true, window: win });
          }
        }
      }
      const st: SessionState = { g: row.groupValues, s: spec.add(states, row) };
      store.put(row.group, start, end, st);
      if (!final) emit(st, start, end, rec);
      if (final) emitClosed(closeTime, rec);
      store.expire(clock.streamTime - w.retentionMs);
      clock.save();
    } catch (e) {
      ctx.errors.recordError('EVALUATION', messageOf(e));
    }
  };
}
