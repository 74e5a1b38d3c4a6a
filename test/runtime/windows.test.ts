import { describe, expect, it } from 'vitest';
import { windowSpec, windowStartsFor } from '../../src/runtime/windows.js';

describe('window assignment', () => {
  it('puts a timestamp in exactly one tumbling window', () => {
    expect(windowStartsFor(0, 30_000, 30_000)).toEqual([0]);
    expect(windowStartsFor(29_999, 30_000, 30_000)).toEqual([0]);
    expect(windowStartsFor(30_000, 30_000, 30_000)).toEqual([30_000]);
  });

  it('puts a timestamp in every hopping window that contains it, oldest first', () => {
    // SIZE 5, ADVANCE BY 2: windows [2,7), [4,9), [6,11) contain 6.
    expect(windowStartsFor(6, 5, 2)).toEqual([2, 4, 6]);
    // No window starts before 0.
    expect(windowStartsFor(1, 5, 2)).toEqual([0]);
  });
});

describe('window defaults', () => {
  it('gives EMIT CHANGES windows a day minus their size of grace, as Kafka Streams legacy windows', () => {
    const w = windowSpec({ kind: 'TUMBLING', size: { value: 30, unit: 'SECONDS' } }, false);
    expect(w.graceMs).toBe(86_400_000 - 30_000);
    expect(w.retentionMs).toBe(86_400_000);
  });

  it('closes EMIT FINAL windows at their end when no grace period is given', () => {
    expect(windowSpec({ kind: 'TUMBLING', size: { value: 2, unit: 'MILLISECONDS' } }, true).graceMs).toBe(0);
  });

  it('never retains windows for less than size plus grace, whatever RETENTION says', () => {
    const w = windowSpec(
      { kind: 'HOPPING', size: { value: 1, unit: 'MINUTES' }, advanceBy: { value: 10, unit: 'SECONDS' }, retention: { value: 1, unit: 'SECONDS' }, grace: { value: 5, unit: 'SECONDS' } },
      false,
    );
    expect(w.retentionMs).toBe(65_000);
    expect(w.advanceMs).toBe(10_000);
  });
});
