// Reads the SQL type names a ksqlDB server writes in query headers (`DECIMAL(5, 2)`,
// `ARRAY<INTEGER>`, `STRUCT<`X` INTEGER, `Y` STRING>`, `MAP<STRING, DOUBLE>`) back into SqlTypes,
// so a client can decode the JSON rows that follow with the same rules the engine uses.

import type { SqlType, StructField } from '../types/sql-type.js';
import { array, BIGINT, BOOLEAN, BYTES, DATE, decimal, DOUBLE, INTEGER, map, STRING, struct, TIME, TIMESTAMP } from '../types/sql-type.js';

const PRIMITIVES: Readonly<Record<string, SqlType>> = {
  BOOLEAN,
  INT: INTEGER,
  INTEGER,
  BIGINT,
  DOUBLE,
  STRING,
  VARCHAR: STRING,
  BYTES,
  DATE,
  TIME,
  TIMESTAMP,
};

/** The type `text` names; throws an Error naming the text when it is not a type. */
export function parseTypeText(text: string): SqlType {
  const reader = new TypeReader(text);
  const type = reader.type();
  reader.end();
  return type;
}

class TypeReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  type(): SqlType {
    const word = this.word().toUpperCase();
    switch (word) {
      case 'DECIMAL': {
        this.expect('(');
        const precision = this.integer();
        this.expect(',');
        const scale = this.integer();
        this.expect(')');
        return decimal(precision, scale);
      }
      case 'ARRAY': {
        this.expect('<');
        const item = this.type();
        this.expect('>');
        return array(item);
      }
      case 'MAP': {
        this.expect('<');
        const key = this.type();
        this.expect(',');
        const value = this.type();
        this.expect('>');
        return map(key, value);
      }
      case 'STRUCT': {
        this.expect('<');
        const fields: StructField[] = [];
        if (!this.accept('>')) {
          do fields.push({ name: this.fieldName(), type: this.type() });
          while (this.accept(','));
          this.expect('>');
        }
        return struct(fields);
      }
      default: {
        const primitive = PRIMITIVES[word];
        if (primitive === undefined) throw this.fail();
        return primitive;
      }
    }
  }

  end(): void {
    this.skipSpaces();
    if (this.pos < this.text.length) throw this.fail();
  }

  /** A struct field name: back-quoted (`` `a``b` `` holds a back quote) or a bare word, kept as written. */
  private fieldName(): string {
    this.skipSpaces();
    if (this.text[this.pos] !== '`') return this.word();
    let name = '';
    for (let i = this.pos + 1; i < this.text.length; i++) {
      if (this.text[i] !== '`') name += this.text[i];
      else if (this.text[i + 1] === '`') {
        name += '`';
        i++;
      } else {
        this.pos = i + 1;
        return name;
      }
    }
    throw this.fail();
  }

  private word(): string {
    this.skipSpaces();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) throw this.fail();
    this.pos += m[0].length;
    return m[0];
  }

  private integer(): number {
    this.skipSpaces();
    const m = /^\d+/.exec(this.text.slice(this.pos));
    if (!m) throw this.fail();
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private accept(ch: string): boolean {
    this.skipSpaces();
    if (this.text[this.pos] !== ch) return false;
    this.pos++;
    return true;
  }

  private expect(ch: string): void {
    if (!this.accept(ch)) throw this.fail();
  }

  private skipSpaces(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private fail(): Error {
    return new Error(`Not a SQL type: '${this.text}' (at character ${this.pos + 1}).`);
  }
}
