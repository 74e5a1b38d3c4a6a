// The input line editor as pure functions over (text, cursor): insertion, deletion, cursor moves
// across the lines of a multi-line statement. No terminal here; the controller maps keys to these.

export interface EditorState {
  readonly text: string;
  /** Offset in `text`, 0..text.length. */
  readonly cursor: number;
}

export const EMPTY_EDITOR: EditorState = Object.freeze({ text: '', cursor: 0 });

export function editorOf(text: string): EditorState {
  return { text, cursor: text.length };
}

export function insert(s: EditorState, chars: string): EditorState {
  return { text: s.text.slice(0, s.cursor) + chars + s.text.slice(s.cursor), cursor: s.cursor + chars.length };
}

export function backspace(s: EditorState): EditorState {
  if (s.cursor === 0) return s;
  return { text: s.text.slice(0, s.cursor - 1) + s.text.slice(s.cursor), cursor: s.cursor - 1 };
}

export function deleteForward(s: EditorState): EditorState {
  if (s.cursor >= s.text.length) return s;
  return { text: s.text.slice(0, s.cursor) + s.text.slice(s.cursor + 1), cursor: s.cursor };
}

export function left(s: EditorState): EditorState {
  return s.cursor === 0 ? s : { text: s.text, cursor: s.cursor - 1 };
}

export function right(s: EditorState): EditorState {
  return s.cursor >= s.text.length ? s : { text: s.text, cursor: s.cursor + 1 };
}

function lineStart(text: string, cursor: number): number {
  return text.lastIndexOf('\n', cursor - 1) + 1;
}

function lineEnd(text: string, cursor: number): number {
  const nl = text.indexOf('\n', cursor);
  return nl < 0 ? text.length : nl;
}

export function home(s: EditorState): EditorState {
  return { text: s.text, cursor: lineStart(s.text, s.cursor) };
}

export function end(s: EditorState): EditorState {
  return { text: s.text, cursor: lineEnd(s.text, s.cursor) };
}

/** Moves to the line above, keeping the column; undefined on the first line (history takes over). */
export function up(s: EditorState): EditorState | undefined {
  const start = lineStart(s.text, s.cursor);
  if (start === 0) return undefined;
  const column = s.cursor - start;
  const prevStart = lineStart(s.text, start - 1);
  return { text: s.text, cursor: Math.min(prevStart + column, start - 1) };
}

/** Moves to the line below, keeping the column; undefined on the last line. */
export function down(s: EditorState): EditorState | undefined {
  const endOfLine = lineEnd(s.text, s.cursor);
  if (endOfLine >= s.text.length) return undefined;
  const column = s.cursor - lineStart(s.text, s.cursor);
  const nextStart = endOfLine + 1;
  return { text: s.text, cursor: Math.min(nextStart + column, lineEnd(s.text, nextStart)) };
}

/** Ctrl-U: deletes from the start of the line to the cursor. */
export function killBefore(s: EditorState): EditorState {
  const start = lineStart(s.text, s.cursor);
  return { text: s.text.slice(0, start) + s.text.slice(s.cursor), cursor: start };
}

/** Ctrl-K: deletes from the cursor to the end of the line. */
export function killAfter(s: EditorState): EditorState {
  return { text: s.text.slice(0, s.cursor) + s.text.slice(lineEnd(s.text, s.cursor)), cursor: s.cursor };
}

/** Ctrl-W: deletes the word before the cursor (and the spaces after it). */
export function deleteWordBefore(s: EditorState): EditorState {
  let i = s.cursor;
  while (i > 0 && /\s/.test(s.text[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(s.text[i - 1]!)) i--;
  return { text: s.text.slice(0, i) + s.text.slice(s.cursor), cursor: i };
}

/** Replaces text[from, to) and puts the cursor after the replacement. */
export function replaceRange(s: EditorState, from: number, to: number, replacement: string): EditorState {
  return { text: s.text.slice(0, from) + replacement + s.text.slice(to), cursor: from + replacement.length };
}
