// Java DateTimeFormatter pattern letters compiled into tokens (DateTimeFormatterBuilder.
// appendPattern): which field, how many digits, which text style; plus the English texts.

import { EvaluationError } from '../values/errors.js';

export type NumField =
  | 'era'
  | 'yearOfEra'
  | 'year'
  | 'month'
  | 'day'
  | 'dayOfYear'
  | 'dayOfWeek'
  | 'quarter'
  | 'ampm'
  | 'hourOfAmpm'
  | 'clockHourOfAmpm'
  | 'hour'
  | 'clockHour'
  | 'minute'
  | 'second'
  | 'nano'
  | 'milliOfDay'
  | 'nanoOfDay';

export type Sign = 'normal' | 'exceeds' | 'notNegative';
export type TextField = 'month' | 'dayOfWeek' | 'ampm' | 'era' | 'quarter';
export type Style = 'short' | 'full' | 'narrow';

export type Token =
  | { readonly t: 'lit'; readonly text: string }
  | { readonly t: 'num'; readonly field: NumField; readonly min: number; readonly max: number; readonly sign: Sign }
  | { readonly t: 'reduced'; readonly field: 'yearOfEra' | 'year' }
  | { readonly t: 'frac'; readonly width: number }
  | { readonly t: 'text'; readonly field: TextField; readonly style: Style }
  | { readonly t: 'offset'; readonly pattern: string; readonly noOffset: string }
  | { readonly t: 'locOffset'; readonly full: boolean }
  | { readonly t: 'zoneText'; readonly full: boolean }
  | { readonly t: 'zoneId' }
  | { readonly t: 'opt'; readonly tokens: readonly Token[] };

export const FIELD_NAMES: Record<NumField, string> = {
  era: 'Era',
  yearOfEra: 'YearOfEra',
  year: 'Year',
  month: 'MonthOfYear',
  day: 'DayOfMonth',
  dayOfYear: 'DayOfYear',
  dayOfWeek: 'DayOfWeek',
  quarter: 'QuarterOfYear',
  ampm: 'AmPmOfDay',
  hourOfAmpm: 'HourOfAmPm',
  clockHourOfAmpm: 'ClockHourOfAmPm',
  hour: 'HourOfDay',
  clockHour: 'ClockHourOfDay',
  minute: 'MinuteOfHour',
  second: 'SecondOfMinute',
  nano: 'NanoOfSecond',
  milliOfDay: 'MilliOfDay',
  nanoOfDay: 'NanoOfDay',
};

// ---------------------------------------------------------------------------------------------
// Compiling a pattern (DateTimeFormatterBuilder.appendPattern)

const OFFSET_PATTERNS = ['+HH', '+HHmm', '+HH:mm', '+HHMM', '+HH:MM', '+HHMMss', '+HH:MM:ss', '+HHMMSS', '+HH:MM:SS'];

function patternError(message: string): EvaluationError {
  return new EvaluationError(message);
}

function fieldToken(letter: string, count: number): Token {
  const tooMany = (): never => {
    throw patternError(`Too many pattern letters: ${letter}`);
  };
  const simple = (field: NumField): Token => {
    if (count === 1) return { t: 'num', field, min: 1, max: 19, sign: 'normal' };
    if (count === 2) return { t: 'num', field, min: 2, max: 2, sign: 'notNegative' };
    return tooMany();
  };
  const text = (field: TextField): Token =>
    count <= 3 ? { t: 'text', field, style: 'short' } : count === 4 ? { t: 'text', field, style: 'full' } : count === 5 ? { t: 'text', field, style: 'narrow' } : tooMany();
  switch (letter) {
    case 'G':
      return text('era');
    case 'y':
    case 'u': {
      const field = letter === 'y' ? 'yearOfEra' : 'year';
      if (count === 2) return { t: 'reduced', field };
      if (count < 4) return { t: 'num', field, min: count, max: 19, sign: 'normal' };
      return { t: 'num', field, min: count, max: 19, sign: 'exceeds' };
    }
    case 'M':
    case 'L':
      if (count === 1) return { t: 'num', field: 'month', min: 1, max: 19, sign: 'normal' };
      if (count === 2) return { t: 'num', field: 'month', min: 2, max: 2, sign: 'notNegative' };
      return text('month');
    case 'Q':
    case 'q':
      if (count === 1) return { t: 'num', field: 'quarter', min: 1, max: 19, sign: 'normal' };
      if (count === 2) return { t: 'num', field: 'quarter', min: 2, max: 2, sign: 'notNegative' };
      return text('quarter');
    case 'd':
      return simple('day');
    case 'D':
      if (count === 1) return { t: 'num', field: 'dayOfYear', min: 1, max: 19, sign: 'normal' };
      if (count === 2) return { t: 'num', field: 'dayOfYear', min: 2, max: 3, sign: 'notNegative' };
      if (count === 3) return { t: 'num', field: 'dayOfYear', min: 3, max: 3, sign: 'notNegative' };
      return tooMany();
    case 'E':
      return text('dayOfWeek');
    case 'a':
      return count === 1 ? { t: 'text', field: 'ampm', style: 'short' } : tooMany();
    case 'h':
      return simple('clockHourOfAmpm');
    case 'K':
      return simple('hourOfAmpm');
    case 'k':
      return simple('clockHour');
    case 'H':
      return simple('hour');
    case 'm':
      return simple('minute');
    case 's':
      return simple('second');
    case 'S':
      return { t: 'frac', width: count };
    case 'n':
      return count === 1 ? { t: 'num', field: 'nano', min: 1, max: 19, sign: 'normal' } : { t: 'num', field: 'nano', min: count, max: 19, sign: 'notNegative' };
    case 'N':
      return count === 1 ? { t: 'num', field: 'nanoOfDay', min: 1, max: 19, sign: 'normal' } : { t: 'num', field: 'nanoOfDay', min: count, max: 19, sign: 'notNegative' };
    case 'A':
      return count === 1 ? { t: 'num', field: 'milliOfDay', min: 1, max: 19, sign: 'normal' } : { t: 'num', field: 'milliOfDay', min: count, max: 19, sign: 'notNegative' };
    case 'V':
      if (count !== 2) throw patternError('Pattern letter count must be 2: V');
      return { t: 'zoneId' };
    case 'z':
      return count <= 3 ? { t: 'zoneText', full: false } : count === 4 ? { t: 'zoneText', full: true } : tooMany();
    case 'O':
      if (count === 1) return { t: 'locOffset', full: false };
      if (count === 4) return { t: 'locOffset', full: true };
      throw patternError('Pattern letter count must be 1 or 4: O');
    case 'X':
      if (count > 5) return tooMany();
      return { t: 'offset', pattern: OFFSET_PATTERNS[count + (count === 1 ? 0 : 1)]!, noOffset: 'Z' };
    case 'x': {
      if (count > 5) return tooMany();
      const zero = count === 1 ? '+00' : count % 2 === 0 ? '+0000' : '+00:00';
      return { t: 'offset', pattern: OFFSET_PATTERNS[count + (count === 1 ? 0 : 1)]!, noOffset: zero };
    }
    case 'Z':
      if (count < 4) return { t: 'offset', pattern: '+HHMM', noOffset: '+0000' };
      if (count === 4) return { t: 'locOffset', full: true };
      if (count === 5) return { t: 'offset', pattern: '+HH:MM:ss', noOffset: 'Z' };
      return tooMany();
    case 'Y':
    case 'w':
    case 'W':
    case 'e':
    case 'c':
    case 'F':
    case 'g':
    case 'B':
      throw patternError(`Pattern letter '${letter}' (week-based and localized fields) is not supported`);
    default:
      throw patternError(`Unknown pattern letter: ${letter}`);
  }
}

export function compileTokens(pattern: string): Token[] {
  const stack: Token[][] = [[]];
  const push = (tok: Token): void => {
    const top = stack[stack.length - 1]!;
    const last = top[top.length - 1];
    if (tok.t === 'lit' && last?.t === 'lit') top[top.length - 1] = { t: 'lit', text: last.text + tok.text };
    else top.push(tok);
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      let j = i + 1;
      while (j < pattern.length && pattern[j] === c) j++;
      const count = j - i;
      if (c === 'p') throw patternError("Pad letter 'p' is not supported");
      push(fieldToken(c, count));
      i = j;
    } else if (c === "'") {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= pattern.length) throw patternError(`Pattern ends with an incomplete string literal: ${pattern}`);
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
      push({ t: 'lit', text: j === i + 1 ? "'" : text });
      i = j + 1;
    } else if (c === '[') {
      stack.push([]);
      i++;
    } else if (c === ']') {
      if (stack.length === 1) throw patternError(`Pattern invalid as it contains ] without previous [`);
      const tokens = stack.pop()!;
      push({ t: 'opt', tokens });
      i++;
    } else if (c === '{' || c === '}' || c === '#') {
      throw patternError(`Pattern includes reserved character: '${c}'`);
    } else {
      push({ t: 'lit', text: c });
      i++;
    }
  }
  while (stack.length > 1) {
    const tokens = stack.pop()!;
    push({ t: 'opt', tokens });
  }
  return stack[0]!;
}

// ---------------------------------------------------------------------------------------------
// English texts (Locale.US)

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const QUARTERS_FULL = ['1st quarter', '2nd quarter', '3rd quarter', '4th quarter'];

export function texts(field: TextField, style: Style): string[] {
  switch (field) {
    case 'month':
      return MONTHS.map((m) => (style === 'full' ? m : style === 'short' ? m.slice(0, 3) : m[0]!));
    case 'dayOfWeek':
      return DAYS.map((d) => (style === 'full' ? d : style === 'short' ? d.slice(0, 3) : d[0]!));
    case 'ampm':
      return ['AM', 'PM'];
    case 'era':
      return style === 'full' ? ['Before Christ', 'Anno Domini'] : style === 'short' ? ['BC', 'AD'] : ['B', 'A'];
    case 'quarter':
      return style === 'full' ? QUARTERS_FULL : style === 'short' ? ['Q1', 'Q2', 'Q3', 'Q4'] : ['1', '2', '3', '4'];
  }
}

/** A value to print: a date (DATE), a time (TIME) or both with a zone (TIMESTAMP). */
