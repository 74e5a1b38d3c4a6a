// Colours of the shell, in one place: token kinds of highlighted SQL and tones of output.

import type { ScanKind } from '../sql-scan.js';
import type { Tone } from '../output.js';

export const TOKEN_COLORS: Readonly<Record<ScanKind, string | undefined>> = {
  keyword: 'cyan',
  type: 'magenta',
  function: 'yellow',
  identifier: undefined,
  quoted: 'blue',
  string: 'green',
  number: 'magenta',
  comment: 'gray',
  variable: 'redBright',
  punctuation: undefined,
  space: undefined,
};

export const TONE_COLORS: Readonly<Record<Tone, string | undefined>> = {
  plain: undefined,
  muted: 'gray',
  info: 'cyan',
  success: 'green',
  warning: 'yellow',
};

export const PROMPT = 'ksql> ';
export const CONTINUATION = '   -> ';
