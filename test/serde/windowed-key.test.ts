import { describe, expect, it } from 'vitest';
import { appendWindow, splitWindow } from '../../src/serde/windowed-key.js';

describe('windowed keys', () => {
  it('writes a time window as the inner key followed by the start as a big-endian long', () => {
    const key = appendWindow({ type: 'TUMBLING', sizeMs: 1000 }, Buffer.from('k1'), { start: 258, end: 1258 });
    expect(key.toString('hex')).toBe(Buffer.from('k1').toString('hex') + '0000000000000102');
    expect(splitWindow({ type: 'TUMBLING', sizeMs: 1000 }, key)).toEqual({ inner: Buffer.from('k1'), window: { start: 258, end: 1258 } });
  });

  it('writes a session window as the inner key, the end, then the start', () => {
    const key = appendWindow({ type: 'SESSION' }, Buffer.from([7]), { start: 1, end: 2 });
    expect(key.toString('hex')).toBe('07' + '0000000000000002' + '0000000000000001');
    expect(splitWindow({ type: 'SESSION' }, key).window).toEqual({ start: 1, end: 2 });
  });

  it('round-trips window bounds beyond 32 bits and before the epoch as Java longs', () => {
    const info = { type: 'SESSION' } as const;
    const window = { start: -1_700_000_000_123, end: 1_700_000_000_456 };
    const key = appendWindow(info, null, window);
    expect(key.readBigInt64BE(0)).toBe(1_700_000_000_456n);
    expect(key.readBigInt64BE(8)).toBe(-1_700_000_000_123n);
    expect(splitWindow(info, key).window).toEqual(window);
  });

  it('rejects a key too short to hold its window', () => {
    expect(() => splitWindow({ type: 'SESSION' }, Buffer.alloc(10))).toThrow(/too short for a SESSION window/);
  });
});
