// Splits SQL text into coloured segments, line by line, with the cursor marked: what the prompt
// and the echo of submitted statements draw. Pure, so frames can be tested without a terminal.

import type { ScanKind } from './sql-scan.js';
import { scanSql } from './sql-scan.js';

export interface Segment {
  readonly text: string;
  readonly kind: ScanKind;
  /** The character under the cursor (a space when the cursor is at the end of a line). */
  readonly cursor?: boolean;
}

export function highlightLines(text: string, isFunction?: (upperName: string) => boolean, cursor?: number): Segment[][] {
  const lines: Segment[][] = [[]];
  const push = (t: string, kind: ScanKind, isCursor = false): void => {
    const parts = t.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part !== '') lines[lines.length - 1]!.push(isCursor ? { text: part, kind, cursor: true } : { text: part, kind });
    });
  };
  for (const tok of scanSql(text, isFunction)) {
    const t = text.slice(tok.start, tok.end);
    if (cursor === undefined || cursor < tok.start || cursor >= tok.end) {
      push(t, tok.kind);
      continue;
    }
    const at = cursor - tok.start;
    push(t.slice(0, at), tok.kind);
    if (t[at] === '\n') {
      push(' ', tok.kind, true);
      push(t.slice(at), tok.kind);
    } else {
      push(t[at]!, tok.kind, true);
      push(t.slice(at + 1), tok.kind);
    }
  }
  if (cursor !== undefined && cursor >= text.length) lines[lines.length - 1]!.push({ text: ' ', kind: 'space', cursor: true });
  return lines;
}
