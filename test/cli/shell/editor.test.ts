// The line editor: edits and cursor moves over a multi-line statement.

import { describe, expect, it } from 'vitest';
import * as ed from '../../../cli/shell/editor.js';

const at = (text: string, cursor: number): ed.EditorState => ({ text, cursor });

describe('editor', () => {
  it('inserts and deletes at the cursor', () => {
    expect(ed.insert(at('SELCT', 3), 'E')).toEqual(at('SELECT', 4));
    expect(ed.backspace(at('SELECTT', 7))).toEqual(at('SELECT', 6));
    expect(ed.backspace(at('x', 0))).toEqual(at('x', 0));
    expect(ed.deleteForward(at('ab', 0))).toEqual(at('b', 0));
  });

  it('moves between lines keeping the column, and reports the edges', () => {
    const s = at('SELECT *\nFROM s\nEMIT CHANGES;', 12);
    expect(ed.up(s)).toEqual(at(s.text, 3));
    expect(ed.down(s)).toEqual(at(s.text, 19));
    expect(ed.up(at(s.text, 3))).toBeUndefined();
    expect(ed.down(at(s.text, 20))).toBeUndefined();
    expect(ed.home(s)).toEqual(at(s.text, 9));
    expect(ed.end(s)).toEqual(at(s.text, 15));
  });

  it('kills to the line start, the line end and the previous word', () => {
    const s = at('SHOW STREAMS\nDESCRIBE foo bar', 25);
    expect(ed.killBefore(s)).toEqual(at('SHOW STREAMS\n bar', 13));
    expect(ed.killAfter(s)).toEqual(at('SHOW STREAMS\nDESCRIBE foo', 25));
    expect(ed.deleteWordBefore(at('DESCRIBE foo  ', 14))).toEqual(at('DESCRIBE ', 9));
  });
});
