// The time a windowed aggregation keeps: stream time (the highest timestamp seen), the latest
// window start, and where EMIT FINAL last emitted; persisted in the query's state so a restart
// closes and emits windows exactly where it left off.

import type { KeyValueStore } from '../state/index.js';

interface ClockState {
  streamTime: number;
  maxStart: number;
  lastEmit: number | null;
}

const KEY = 'clock';

export class WindowClock {
  private readonly state: ClockState;
  private changed = false;

  constructor(private readonly store: KeyValueStore<unknown>) {
    const saved = store.get(KEY) as ClockState | undefined;
    this.state = saved ? { ...saved } : { streamTime: Number.MIN_SAFE_INTEGER, maxStart: Number.MIN_SAFE_INTEGER, lastEmit: null };
  }

  get streamTime(): number {
    return this.state.streamTime;
  }
  get maxStart(): number {
    return this.state.maxStart;
  }
  get lastEmit(): number | null {
    return this.state.lastEmit;
  }

  observe(ts: number): void {
    if (ts > this.state.streamTime) {
      this.state.streamTime = ts;
      this.changed = true;
    }
  }

  started(start: number): void {
    if (start > this.state.maxStart) {
      this.state.maxStart = start;
      this.changed = true;
    }
  }

  emitted(closeTime: number): void {
    this.state.lastEmit = closeTime;
    this.changed = true;
  }

  /**
   * Writes the clock into the store's batch when it moved. The store keeps this very object (no
   * copy per record): it serializes what the clock holds when it flushes, at the batch's end.
   */
  save(): void {
    if (!this.changed) return;
    this.store.put(KEY, this.state);
    this.changed = false;
  }
}
