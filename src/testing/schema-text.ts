// Reads the schema text of `post.sources[].schema` ("K STRING KEY, `v` INT, H BYTES HEADER('h')")
// into canonical columns, so it compares with the engine's columns regardless of spelling
// (INT/INTEGER, VARCHAR/STRING, spacing, case of unquoted names), as ksqlDB compares LogicalSchemas.

import { formatType } from '../types/sql-type.js';
import type { TestColumn } from './test-engine.js';

export interface CanonicalColumn {
  readonly name: string;
  /** The type as formatType() spells it: INTEGER, DECIMAL(4, 2), STRUCT<`F1` STRING>. */
  readonly type: string;
  readonly namespace: 'KEY' | 'VALUE' | 'HEADERS';
  readonly headerKey: string | null;
}

const ALIASES: Readonly<Record<string, string>> = {
  INT: 'INTEGER',
  INTEGER: 'INTEGER',
  VARCHAR: 'STRING',
  STRING: 'STRING',
  BIGINT: 'BIGINT',
  BOOLEAN: 'BOOLEAN',
  DOUBLE: 'DOUBLE',
  BYTES: 'BYTES',
  DATE: 'DATE',
  TIME: 'TIME',
  TIMESTAMP: 'TIMESTAMP',
};

type Token = { readonly kind: 'word' | 'quoted' | 'string' | 'punct'; readonly text: string };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '`' || c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated ${c} in schema`);
        if (text[i] === c && text[i + 1] === c) {
          s += c;
          i += 2;
        } else if (text[i] === c) {
          i++;
          break;
        } else {
          s += text[i];
          i++;
        }
      }
      out.push({ kind: c === '`' ? 'quoted' : 'string', text: s });
    } else if ('<>(),:'.includes(c)) {
      out.push({ kind: 'punct', text: c });
      i++;
    } else {
      const m = /^[A-Za-z0-9_@$.]+/.exec(text.slice(i));
      if (m === null) throw new Error(`unexpected '${c}' in schema`);
      out.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

class SchemaParser {
  private pos = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  columns(): CanonicalColumn[] {
    const out: CanonicalColumn[] = [];
    if (this.tokens.length === 0) return out;
    for (;;) {
      out.push(this.column());
      if (this.pos >= this.tokens.length) return out;
      this.expect(',');
    }
  }

  private column(): CanonicalColumn {
    const name = this.identifier();
    const type = this.type();
    let namespace: CanonicalColumn['namespace'] = 'VALUE';
    let headerKey: string | null = null;
    const w = this.peekWord();
    if (w === 'KEY') {
      this.pos++;
      namespace = 'KEY';
    } else if (w === 'PRIMARY') {
      this.pos++;
      if (this.peekWord() !== 'KEY') throw new Error('expected KEY after PRIMARY in schema');
      this.pos++;
      namespace = 'KEY';
    } else if (w === 'HEADERS') {
      this.pos++;
      namespace = 'HEADERS';
    } else if (w === 'HEADER') {
      this.pos++;
      this.expect('(');
      const t = this.tokens[this.pos];
      if (t === undefined || t.kind !== 'string') throw new Error("expected HEADER('key') in schema");
      this.pos++;
      this.expect(')');
      namespace = 'HEADERS';
      headerKey = t.text;
    }
    return { name, type, namespace, headerKey };
  }

  private identifier(): string {
    const t = this.tokens[this.pos];
    if (t === undefined || (t.kind !== 'word' && t.kind !== 'quoted')) throw new Error('expected a column name in schema');
    this.pos++;
    return t.kind === 'quoted' ? t.text : t.text.toUpperCase();
  }

  private type(): string {
    const word = this.peekWord();
    if (word === undefined) throw new Error('expected a type in schema');
    this.pos++;
    switch (word) {
      case 'ARRAY': {
        this.expect('<');
        const item = this.type();
        this.expect('>');
        return `ARRAY<${item}>`;
      }
      case 'MAP': {
        this.expect('<');
        const k = this.type();
        this.expect(',');
        const v = this.type();
        this.expect('>');
        return `MAP<${k}, ${v}>`;
      }
      case 'STRUCT': {
        this.expect('<');
        const fields: string[] = [];
        if (!this.at('>')) {
          for (;;) {
            const name = this.identifier();
            fields.push(`\`${name}\` ${this.type()}`);
            if (this.at('>')) break;
            this.expect(',');
          }
        }
        this.expect('>');
        return `STRUCT<${fields.join(', ')}>`;
      }
      case 'DECIMAL': {
        this.expect('(');
        const p = this.identifierWord();
        this.expect(',');
        const s = this.identifierWord();
        this.expect(')');
        return `DECIMAL(${p}, ${s})`;
      }
      default:
        // A custom type name stays as written: the engine resolves those, the text cannot.
        return ALIASES[word] ?? word;
    }
  }

  private identifierWord(): string {
    const t = this.tokens[this.pos];
    if (t === undefined || t.kind !== 'word') throw new Error('expected a number in schema');
    this.pos++;
    return t.text;
  }

  private peekWord(): string | undefined {
    const t = this.tokens[this.pos];
    return t !== undefined && t.kind === 'word' ? t.text.toUpperCase() : undefined;
  }

  private at(p: string): boolean {
    const t = this.tokens[this.pos];
    return t !== undefined && t.kind === 'punct' && t.text === p;
  }

  private expect(p: string): void {
    if (!this.at(p)) throw new Error(`expected '${p}' in schema`);
    this.pos++;
  }
}

/** Parses schema text; throws an Error naming what is wrong. */
export function parseSchemaText(text: string): CanonicalColumn[] {
  return new SchemaParser(tokenize(text)).columns();
}

export function canonicalColumns(columns: readonly TestColumn[]): CanonicalColumn[] {
  return columns.map((c) => ({ name: c.name, type: formatType(c.type), namespace: c.namespace, headerKey: c.headerKey }));
}

/** Writes columns the way ksqlDB prints a schema: "`K` STRING KEY, `V` INTEGER". */
export function formatColumns(columns: readonly CanonicalColumn[]): string {
  return columns
    .map((c) => {
      const suffix = c.namespace === 'KEY' ? ' KEY' : c.namespace === 'VALUE' ? '' : c.headerKey === null ? ' HEADERS' : ` HEADER('${c.headerKey}')`;
      return `\`${c.name}\` ${c.type}${suffix}`;
    })
    .join(', ');
}

/**
 * Why the engine's columns differ from the expected schema text, or null when they match. Key
 * columns are compared in order, and the other columns in order, like ksqlDB's LogicalSchema.
 */
export function schemaMismatch(expectedText: string, actual: readonly TestColumn[]): string | null {
  let expected: CanonicalColumn[];
  try {
    expected = parseSchemaText(expectedText);
  } catch (e) {
    return `cannot read expected schema ${JSON.stringify(expectedText)}: ${e instanceof Error ? e.message : String(e)}`;
  }
  const got = canonicalColumns(actual);
  const keyOf = (cs: CanonicalColumn[]): string => formatColumns(cs.filter((c) => c.namespace === 'KEY'));
  const restOf = (cs: CanonicalColumn[]): string => formatColumns(cs.filter((c) => c.namespace !== 'KEY'));
  if (keyOf(expected) === keyOf(got) && restOf(expected) === restOf(got)) return null;
  return `expected schema ${formatColumns(expected)} but was ${formatColumns(got)}`;
}
