// Regular-expression functions. Patterns use Java's syntax; the common subset is the same in
// JavaScript, and the few Java-only forms (\A, \z, (?i) prefix, possessive +) are translated.

import { sig } from '../signature.js';
import type { ScalarFunction } from '../types.js';
import { EvaluationError } from '../values/errors.js';
import { scalar } from './define.js';

const cache = new Map<string, RegExp>();

/** Compiles a Java regex to a global JS RegExp (cached, because patterns repeat per record). */
export function javaRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re !== undefined) return re;
  let source = pattern;
  let flags = 'g';
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    if (inline[1]!.includes('i')) flags += 'i';
    if (inline[1]!.includes('s')) flags += 's';
    if (inline[1]!.includes('m')) flags += 'm';
  }
  source = source
    .replace(/\\A/g, '^')
    .replace(/\\[zZ]/g, '$')
    .replace(/([*+?}])\+/g, '$1');
  try {
    re = new RegExp(source, flags);
  } catch (e) {
    throw new EvaluationError(`Invalid regular expression '${pattern}': ${(e as Error).message}`);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

function firstMatch(re: RegExp, input: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(input);
}

function group(m: RegExpExecArray, n: number): string | null {
  if (n < 0 || n >= m.length) throw new EvaluationError(`No group ${n}`);
  return m[n] ?? null;
}

function allMatches(re: RegExp, input: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (;;) {
    const m = re.exec(input);
    if (m === null) break;
    out.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/** Java's Matcher.replaceAll replacement text: $n / ${name} groups, backslash escapes. */
function javaReplacer(replacement: string): (m: RegExpExecArray) => string {
  type Part = string | number | { name: string };
  const parts: Part[] = [];
  let lit = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '\\') {
      i++;
      if (i >= replacement.length) throw new EvaluationError('character to be escaped is missing');
      lit += replacement[i];
    } else if (c === '$') {
      const named = /^\{([A-Za-z][A-Za-z0-9]*)\}/.exec(replacement.slice(i + 1));
      const num = /^\d+/.exec(replacement.slice(i + 1));
      if (lit.length > 0) parts.push(lit);
      lit = '';
      if (named) {
        parts.push({ name: named[1]! });
        i += named[0].length;
      } else if (num) {
        parts.push(Number(num[0]));
        i += num[0].length;
      } else {
        throw new EvaluationError('Illegal group reference');
      }
    } else {
      lit += c;
    }
  }
  if (lit.length > 0) parts.push(lit);
  return (m) =>
    parts
      .map((p) => {
        if (typeof p === 'string') return p;
        if (typeof p === 'number') {
          // Java takes the longest group number that exists.
          let n = p;
          let s = String(p);
          while (n >= m.length && s.length > 1) {
            s = s.slice(0, -1);
            n = Number(s);
          }
          if (n >= m.length) throw new EvaluationError(`No group ${p}`);
          return (m[n] ?? '') + String(p).slice(s.length);
        }
        const g = m.groups?.[p.name];
        if (g === undefined) throw new EvaluationError(`No group with name {${p.name}}`);
        return g;
      })
      .join('');
}

function regexpReplace(input: string, pattern: string, replacement: string): string {
  const re = javaRegex(pattern);
  const replace = javaReplacer(replacement);
  let out = '';
  let last = 0;
  for (const m of allMatches(re, input)) {
    out += input.slice(last, m.index) + replace(m);
    last = m.index + m[0].length;
  }
  return out + input.slice(last);
}

/** Pattern.split(input, -1): trailing empty strings kept, no empty first item for a zero-width match. */
function regexpSplit(input: string, pattern: string): string[] {
  const re = javaRegex(pattern);
  const out: string[] = [];
  let index = 0;
  for (const m of allMatches(re, input)) {
    if (m.index === 0 && m[0].length === 0) continue;
    out.push(input.slice(index, m.index));
    index = m.index + m[0].length;
  }
  if (index === 0 && out.length === 0) return [input];
  out.push(input.slice(index));
  return out;
}

export function regexFunctions(): ScalarFunction[] {
  return [
    scalar('REGEXP_EXTRACT', 'REGULAR EXPRESSION', 'Returns the first substring matching the pattern (or the given capture group), or null.', [
      sig('pattern STRING, input STRING', 'STRING', (p: string, s: string) => {
        const m = firstMatch(javaRegex(p), s);
        return m === null ? null : m[0];
      }),
      sig('pattern STRING, input STRING, group INTEGER', 'STRING', (p: string, s: string, g: number) => {
        const m = firstMatch(javaRegex(p), s);
        return m === null ? null : group(m, g);
      }),
    ]),
    scalar('REGEXP_EXTRACT_ALL', 'REGULAR EXPRESSION', 'Returns every substring matching the pattern (or the given capture group).', [
      sig('pattern STRING, input STRING', 'ARRAY<STRING>', (p: string, s: string) => allMatches(javaRegex(p), s).map((m) => m[0])),
      sig('pattern STRING, input STRING, group INTEGER', 'ARRAY<STRING>', (p: string, s: string, g: number) =>
        allMatches(javaRegex(p), s).map((m) => group(m, g))),
    ]),
    scalar('REGEXP_REPLACE', 'REGULAR EXPRESSION', 'Replaces every match of the pattern with the replacement ($1 refers to a group).', [
      sig('input STRING, pattern STRING, replacement STRING', 'STRING', regexpReplace),
    ]),
    scalar('REGEXP_SPLIT_TO_ARRAY', 'REGULAR EXPRESSION', 'Splits a string around matches of the pattern.', [
      sig('input STRING, pattern STRING', 'ARRAY<STRING>', regexpSplit),
    ]),
  ];
}
