// Tab completion: the word before the cursor is completed from keywords, sources, columns,
// functions or topics, depending on where it stands (after FROM: sources; after PRINT: topics;
// after `alias.`: that source's columns). Pure: the data comes from the backend at each Tab.

import { KEYWORDS } from '../../grammar/tokens.js';
import type { CompletionData } from './backend.js';
import { scanSql, TYPE_NAMES } from './sql-scan.js';

export type CandidateKind = 'keyword' | 'source' | 'column' | 'function' | 'topic' | 'command';

export interface Candidate {
  readonly text: string;
  readonly kind: CandidateKind;
}

export interface Completion {
  /** The word being completed is text[from, to). */
  readonly from: number;
  readonly to: number;
  readonly candidates: readonly Candidate[];
}

/** Shell commands and WITH properties: not grammar keywords, but typed all the time. */
const EXTRA_WORDS = [
  'HELP', 'EXIT', 'QUIT', 'OUTPUT', 'TABULAR', 'JSON', 'CLEAR', 'HISTORY', 'KAFKA_TOPIC', 'VALUE_FORMAT', 'KEY_FORMAT',
  'PARTITIONS', 'REPLICAS', 'TIMESTAMP_FORMAT', 'WRAP_SINGLE_VALUE', 'RETENTION_MS', 'CLEANUP_POLICY', 'VALUE_DELIMITER',
  'KEY_DELIMITER', 'FORMAT', 'DELIMITED', 'KAFKA', 'AVRO', 'PROTOBUF', 'JSON_SR', 'NONE', 'ROWTIME', 'ROWPARTITION', 'ROWOFFSET',
  'WINDOWSTART', 'WINDOWEND',
];

const ALL_WORDS: readonly string[] = [...new Set([...KEYWORDS, ...TYPE_NAMES, ...EXTRA_WORDS])].sort();

const SOURCE_CONTEXT = new Set(['FROM', 'JOIN', 'INTO', 'DESCRIBE', 'EXTENDED', 'STREAM', 'TABLE', 'EXISTS']);

export function complete(text: string, cursor: number, data: CompletionData): Completion {
  let from = cursor;
  while (from > 0 && /[A-Za-z0-9_@]/.test(text[from - 1]!)) from--;
  const prefix = text.slice(from, cursor);
  const words = previousWords(text, from);
  const [prev, beforePrev] = words;
  let pool: Candidate[];
  if (text[from - 1] === '.') {
    pool = columnsOf(qualifierBefore(text, from - 1), text, data);
  } else if (prev === 'PRINT') {
    pool = data.topics.map((t) => ({ text: t, kind: 'topic' as const }));
  } else if (prev === 'FUNCTION' && beforePrev === 'DESCRIBE') {
    pool = data.functions.map((f) => ({ text: f, kind: 'function' as const }));
  } else if (prev !== undefined && SOURCE_CONTEXT.has(prev) && !(words.includes('CREATE') && (prev === 'STREAM' || prev === 'TABLE'))) {
    pool = data.sources.map((s) => ({ text: s.name, kind: 'source' as const }));
  } else {
    pool = [
      ...columnsInScope(text, data).map((c) => ({ text: c, kind: 'column' as const })),
      ...data.sources.map((s) => ({ text: s.name, kind: 'source' as const })),
      ...data.functions.map((f) => ({ text: f, kind: 'function' as const })),
      ...ALL_WORDS.map((w) => ({ text: w, kind: 'keyword' as const })),
    ];
  }
  const upper = prefix.toUpperCase();
  const lower = prefix !== '' && prefix === prefix.toLowerCase() && /[a-z]/.test(prefix);
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const c of pool) {
    const key = c.text.toUpperCase();
    if (!key.startsWith(upper) || seen.has(key)) continue;
    seen.add(key);
    // Names are stored upper-case; typing in lower case means the user wants lower case back.
    const shown = lower && c.kind !== 'topic' ? c.text.toLowerCase() : c.text;
    candidates.push({ text: shown, kind: c.kind });
  }
  return { from, to: cursor, candidates };
}

/** Upper-cased words before `offset` in the current statement, nearest first. */
function previousWords(text: string, offset: number): string[] {
  const statementStart = text.lastIndexOf(';', offset - 1) + 1;
  const words: string[] = [];
  for (const t of scanSql(text.slice(statementStart, offset))) {
    if (t.kind === 'space' || t.kind === 'comment') continue;
    words.push(text.slice(statementStart + t.start, statementStart + t.end).toUpperCase());
  }
  return words.reverse();
}

/** The identifier before a `.` at `dot`. */
function qualifierBefore(text: string, dot: number): string {
  let i = dot;
  while (i > 0 && /[A-Za-z0-9_@]/.test(text[i - 1]!)) i--;
  return text.slice(i, dot).toUpperCase();
}

/** Sources named in the statement around the cursor, with their aliases (`FROM orders o`). */
function sourcesInStatement(text: string, data: CompletionData): Map<string, string> {
  const names = new Map(data.sources.map((s) => [s.name.toUpperCase(), s.name]));
  const tokens = scanSql(text)
    .filter((t) => t.kind !== 'space' && t.kind !== 'comment')
    .map((t) => text.slice(t.start, t.end).toUpperCase());
  const byAlias = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const source = names.get(tokens[i]!);
    if (source === undefined) continue;
    byAlias.set(tokens[i]!, source);
    let j = i + 1;
    if (tokens[j] === 'AS') j++;
    const alias = tokens[j];
    if (alias !== undefined && /^[A-Z_][A-Z0-9_@]*$/.test(alias) && !KEYWORDS.has(alias)) byAlias.set(alias, source);
  }
  return byAlias;
}

function columnsOf(qualifier: string, text: string, data: CompletionData): Candidate[] {
  const source = sourcesInStatement(text, data).get(qualifier) ?? data.sources.find((s) => s.name.toUpperCase() === qualifier)?.name;
  const found = data.sources.find((s) => s.name === source);
  return (found?.columns ?? []).map((c) => ({ text: c, kind: 'column' as const }));
}

/** Columns of the sources the statement mentions, or of every source when it mentions none. */
function columnsInScope(text: string, data: CompletionData): string[] {
  const mentioned = new Set(sourcesInStatement(text, data).values());
  const sources = mentioned.size > 0 ? data.sources.filter((s) => mentioned.has(s.name)) : data.sources;
  return sources.flatMap((s) => s.columns);
}

/** The longest prefix all candidates share (case-insensitively), in the first candidate's case. */
export function commonPrefix(candidates: readonly Candidate[]): string {
  if (candidates.length === 0) return '';
  let prefix = candidates[0]!.text;
  for (const c of candidates) {
    let k = 0;
    while (k < prefix.length && k < c.text.length && prefix[k]!.toUpperCase() === c.text[k]!.toUpperCase()) k++;
    prefix = prefix.slice(0, k);
  }
  return prefix;
}

/** What to type after a unique completion: functions open their parenthesis, words get a space. */
export function suffixFor(c: Candidate): string {
  if (c.kind === 'function') return '(';
  if (c.kind === 'keyword' || c.kind === 'source' || c.kind === 'topic') return ' ';
  return '';
}
