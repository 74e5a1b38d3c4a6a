// One CSV record in and out, with the rules ksqlDB's DELIMITED format inherits from Apache Commons
// CSV (CSVFormat.DEFAULT with a custom delimiter): '"' quotes, doubled quotes inside, no escape
// character, no trimming, empty lines skipped, and Commons CSV's "minimal" quoting when writing.

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

/**
 * The fields of the first record in `text` (null when there is none: empty input or only empty
 * lines). Fields are never null; an empty field is ''.
 */
export function parseCsvRecord(text: string, delimiter: string): string[] | null {
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  let pos = 0;
  // Empty lines before the record are skipped.
  while (pos < n && (text.charCodeAt(pos) === LF || text.charCodeAt(pos) === CR)) pos++;
  if (pos >= n) return null;
  const fields: string[] = [];
  for (;;) {
    if (text.charCodeAt(pos) === QUOTE) {
      // Encapsulated field: runs to the closing quote, "" stands for one quote.
      let value = '';
      let start = pos + 1;
      let i = start;
      for (;;) {
        if (i >= n) throw new CsvError('EOF reached before encapsulated token finished');
        if (text.charCodeAt(i) === QUOTE) {
          if (text.charCodeAt(i + 1) === QUOTE) {
            value += text.slice(start, i + 1);
            i += 2;
            start = i;
            continue;
          }
          value += text.slice(start, i);
          i++;
          break;
        }
        i++;
      }
      // Only whitespace may sit between the closing quote and the delimiter or line end.
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === delim || c === LF || c === CR) break;
        if (c !== 32 && c !== 9) throw new CsvError('invalid char between encapsulated token and delimiter');
        i++;
      }
      fields.push(value);
      pos = i;
    } else {
      let i = pos;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === delim || c === LF || c === CR) break;
        i++;
      }
      fields.push(text.slice(pos, i));
      pos = i;
    }
    if (pos >= n) return fields;
    const c = text.charCodeAt(pos);
    if (c === LF || c === CR) return fields;
    pos++; // the delimiter; a record ending in one has a last, empty field
    if (pos >= n) {
      fields.push('');
      return fields;
    }
  }
}

/**
 * Writes one record without its line separator. Null fields are written empty and unquoted;
 * other fields are quoted where Commons CSV's minimal mode quotes them.
 */
export function formatCsvRecord(fields: readonly (string | null)[], delimiter: string): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) out += delimiter;
    const f = fields[i];
    if (f === null || f === undefined) continue;
    out += needsQuotes(f, delimiter.charCodeAt(0), i === 0) ? '"' + f.replaceAll('"', '""') + '"' : f;
  }
  return out;
}

function needsQuotes(value: string, delim: number, firstInRecord: boolean): boolean {
  const len = value.length;
  // An empty first field is quoted, or a record of one empty field would be an empty line.
  if (len === 0) return firstInRecord;
  const c = value.charCodeAt(0);
  // The first field of a record is quoted unless it starts with an ASCII letter or digit.
  if (firstInRecord && !isAsciiAlphanumeric(c)) return true;
  if (c <= 35) return true; // anything up to '#', the default comment marker
  for (let i = 0; i < len; i++) {
    const ch = value.charCodeAt(i);
    if (ch === LF || ch === CR || ch === QUOTE || ch === delim) return true;
  }
  return value.charCodeAt(len - 1) <= 32; // trailing whitespace or control character
}

function isAsciiAlphanumeric(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
