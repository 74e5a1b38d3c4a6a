// History across sessions, in a file, with multi-line statements kept whole.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { History } from '../../../cli/shell/history.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ksqlite-history-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('History', () => {
  it('keeps statements for the next session, multi-line ones with their line breaks', () => {
    const file = join(dir, 'history');
    const first = new History(file);
    first.add('SHOW STREAMS;');
    first.add('SELECT *\n  FROM s\n  EMIT CHANGES;');
    first.add('"quoted" starts;');
    first.add('SHOW STREAMS;');
    first.add('SHOW STREAMS;');
    const second = new History(file);
    expect(second.list()).toEqual(['SHOW STREAMS;', 'SELECT *\n  FROM s\n  EMIT CHANGES;', '"quoted" starts;', 'SHOW STREAMS;']);
    expect(readFileSync(file, 'utf8').split('\n')[1]).toBe('"SELECT *\\n  FROM s\\n  EMIT CHANGES;"');
  });

  it('browses back and forth and gives back the line being typed', () => {
    const h = new History();
    h.add('ONE;');
    h.add('TWO;');
    expect(h.previous('draft')).toBe('TWO;');
    expect(h.previous('TWO;')).toBe('ONE;');
    expect(h.previous('ONE;')).toBeUndefined();
    expect(h.next()).toBe('TWO;');
    expect(h.next()).toBe('draft');
    expect(h.next()).toBeUndefined();
  });

  it('reads a file written by hand and survives a missing one', () => {
    const file = join(dir, 'h');
    writeFileSync(file, 'SHOW TOPICS;\n\n"not json\n');
    expect(new History(file).list()).toEqual(['SHOW TOPICS;', '"not json']);
    expect(new History(join(dir, 'missing', 'file')).list()).toEqual([]);
  });
});
