// Pull-query answers in PROTOBUF (Accept: application/vnd.ksql.v1+protobuf), as ksqlDB gives them:
// the header carries a proto3 schema of the row (named as Confluent's converter names Connect
// schemas: ConnectDefault1, nested ConnectDefault2..., map entries ConnectDefaultNEntry), each
// row is that message's bytes, base64 in `protobufBytes`.

import { KsqlError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import { formatType } from '../types/sql-type.js';
import { JAVA_HASHMAP_DEFAULT_CAPACITY, javaHashMapOrder } from '../types/java-hash-order.js';
import { isDecimal } from '../types/values.js';
import type { OutputColumn } from './entities.js';

export const KSQL_V1_PROTOBUF = 'application/vnd.ksql.v1+protobuf';

interface Field {
  readonly name: string;
  readonly number: number;
  readonly type: SqlType;
  /** proto3 type name: a scalar, or a nested message's name. */
  readonly proto: string;
  readonly repeated: boolean;
  readonly message?: Message;
}

interface Message {
  readonly name: string;
  readonly fields: readonly Field[];
  readonly nested: readonly Message[];
}

const SCALARS: Partial<Record<SqlType['kind'], string>> = {
  BOOLEAN: 'bool',
  INTEGER: 'int32',
  BIGINT: 'int64',
  DOUBLE: 'double',
  STRING: 'string',
  BYTES: 'bytes',
};

function unsupported(t: SqlType): KsqlError {
  return new KsqlError('UNSUPPORTED', `PROTOBUF answers do not support columns of type ${formatType(t)} yet; ask for JSON.`);
}

/** The row message of `columns` and its schema text; throws for types it cannot write. */
export function protobufAnswer(columns: readonly OutputColumn[]): { readonly schema: string; encode(row: readonly unknown[]): Buffer } {
  let counter = 1;
  const nextName = (): string => `ConnectDefault${++counter}`;
  const build = (name: string, entries: readonly { name: string; type: SqlType }[]): Message => {
    const nested: Message[] = [];
    const fields = entries.map((e, i): Field => {
      const number = i + 1;
      const t = e.type;
      const scalar = SCALARS[t.kind];
      if (scalar !== undefined) return { name: e.name, number, type: t, proto: scalar, repeated: false };
      if (t.kind === 'STRUCT') {
        const m = build(nextName(), t.fields);
        nested.push(m);
        return { name: e.name, number, type: t, proto: m.name, repeated: false, message: m };
      }
      if (t.kind === 'MAP') {
        const m = build(`${nextName()}Entry`, [
          { name: 'key', type: t.key },
          { name: 'value', type: t.value },
        ]);
        nested.push(m);
        return { name: e.name, number, type: t, proto: m.name, repeated: true, message: m };
      }
      if (t.kind === 'ARRAY') {
        const item = t.item;
        const s = SCALARS[item.kind];
        if (s !== undefined) return { name: e.name, number, type: t, proto: s, repeated: true };
        if (item.kind === 'STRUCT') {
          const m = build(nextName(), item.fields);
          nested.push(m);
          return { name: e.name, number, type: t, proto: m.name, repeated: true, message: m };
        }
      }
      throw unsupported(t);
    });
    return { name, fields, nested };
  };
  const root = build('ConnectDefault1', columns.map((c) => ({ name: c.name, type: c.type })));
  return { schema: `syntax = "proto3";\n\n${messageText(root, '')}`, encode: (row) => encodeMessage(root, (i) => row[i]) };
}

function messageText(m: Message, indent: string): string {
  let s = `${indent}message ${m.name} {\n`;
  for (const f of m.fields) s += `${indent}  ${f.repeated ? 'repeated ' : ''}${f.proto} ${f.name} = ${f.number};\n`;
  for (const n of m.nested) s += `\n${messageText(n, `${indent}  `)}`;
  return `${s}${indent}}\n`;
}

/** Growable byte output with protobuf's primitives. */
class Out {
  private buf = Buffer.allocUnsafe(64);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  varint(v: bigint): void {
    let x = BigInt.asUintN(64, v);
    this.room(10);
    while (x >= 0x80n) {
      this.buf[this.length++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    this.buf[this.length++] = Number(x);
  }

  small(v: number): void {
    this.varint(BigInt(v));
  }

  bytes(b: Buffer): void {
    this.room(b.length);
    b.copy(this.buf, this.length);
    this.length += b.length;
  }

  double(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.length);
    this.length += 8;
  }

  take(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** proto3 leaves out scalars at their default, and cannot hold a null. */
function isDefault(v: unknown, proto: string): boolean {
  if (v === null || v === undefined) return true;
  switch (proto) {
    case 'bool':
      return v === false;
    case 'int32':
    case 'int64':
    case 'double':
      return v === 0 || v === 0n ? !Object.is(v, -0) : false;
    case 'string':
      return v === '';
    case 'bytes':
      return (v as Buffer).length === 0;
    default:
      return false;
  }
}

function writeScalar(out: Out, proto: string, v: unknown): void {
  switch (proto) {
    case 'bool':
      out.small(v === true ? 1 : 0);
      return;
    case 'int32':
    case 'int64':
      out.varint(BigInt(isDecimal(v) ? v.toFixed(0) : (v as number | bigint)));
      return;
    case 'double':
      out.double(v as number);
      return;
    case 'string': {
      const b = Buffer.from(v as string, 'utf8');
      out.small(b.length);
      out.bytes(b);
      return;
    }
    default: {
      const b = v as Buffer;
      out.small(b.length);
      out.bytes(b);
    }
  }
}

const wireType = (proto: string): number => (proto === 'double' ? 1 : proto === 'string' || proto === 'bytes' ? 2 : 0);

function encodeMessage(m: Message, value: (i: number) => unknown): Buffer {
  const out = new Out();
  m.fields.forEach((f, i) => {
    const v = value(i);
    if (v === null || v === undefined) return;
    if (f.message !== undefined) {
      const msgs: Buffer[] = [];
      // ksqlDB's converter copies a map into a default java.util.HashMap, whose order its entries take.
      if (f.type.kind === 'MAP') for (const [k, x] of javaHashMapOrder([...(v as Map<unknown, unknown>)], JAVA_HASHMAP_DEFAULT_CAPACITY)) msgs.push(encodeMessage(f.message, (j) => (j === 0 ? k : x)));
      else if (f.repeated) for (const item of v as unknown[]) msgs.push(encodeMessage(f.message, structField(f.message, item)));
      else msgs.push(encodeMessage(f.message, structField(f.message, v)));
      for (const b of msgs) {
        out.small((f.number << 3) | 2);
        out.small(b.length);
        out.bytes(b);
      }
      return;
    }
    if (f.repeated) {
      const items = (v as unknown[]).filter((x) => x !== null && x !== undefined);
      if (items.length === 0) return;
      if (wireType(f.proto) === 2) {
        for (const x of items) {
          out.small((f.number << 3) | 2);
          writeScalar(out, f.proto, x);
        }
        return;
      }
      // Repeated numbers are packed, as proto3 writes them.
      const packed = new Out();
      for (const x of items) writeScalar(packed, f.proto, x);
      const b = packed.take();
      out.small((f.number << 3) | 2);
      out.small(b.length);
      out.bytes(b);
      return;
    }
    if (isDefault(v, f.proto)) return;
    out.small((f.number << 3) | wireType(f.proto));
    writeScalar(out, f.proto, v);
  });
  return Buffer.from(out.take());
}

function structField(m: Message, struct: unknown): (i: number) => unknown {
  const o = (struct ?? {}) as Record<string, unknown>;
  return (i) => o[m.fields[i]!.name] ?? null;
}
