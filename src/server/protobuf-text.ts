// Reads a PROTOBUF pull-query answer back the way ksqlDB's REST test runner does: parses the proto3
// schema of the header (the subset ksqlDB writes: messages, nested messages, scalar and repeated
// fields), decodes each row's bytes with it and prints the message in protobuf's text format.

import { KsqlError } from '../errors.js';
import { javaToString } from '../functions/values/java-string.js';

interface ProtoField {
  readonly name: string;
  readonly number: number;
  readonly type: string;
  readonly repeated: boolean;
}

interface ProtoMessage {
  readonly name: string;
  readonly fields: ProtoField[];
  readonly nested: Map<string, ProtoMessage>;
  readonly parent?: ProtoMessage;
}

/** The first message of a proto3 schema text. */
export function parseProtoSchema(text: string): ProtoMessage {
  const tokens = text.match(/"[^"]*"|[A-Za-z_][\w.]*|\d+|[{}=;]/g) ?? [];
  let at = 0;
  const next = (): string => {
    const t = tokens[at++];
    if (t === undefined) throw new KsqlError('INVALID_STATEMENT', 'Truncated protobuf schema');
    return t;
  };
  const expect = (t: string): void => {
    const got = next();
    if (got !== t) throw new KsqlError('INVALID_STATEMENT', `Protobuf schema: expected '${t}' but found '${got}'`);
  };
  const message = (parent?: ProtoMessage): ProtoMessage => {
    const m: ProtoMessage = { name: next(), fields: [], nested: new Map(), ...(parent ? { parent } : {}) };
    expect('{');
    for (;;) {
      const t = next();
      if (t === '}') return m;
      if (t === 'message') {
        const n = message(m);
        m.nested.set(n.name, n);
        continue;
      }
      const repeated = t === 'repeated';
      const type = repeated ? next() : t;
      const name = next();
      expect('=');
      const number = Number(next());
      expect(';');
      m.fields.push({ name, number, type, repeated });
    }
  };
  while (at < tokens.length) {
    const t = next();
    if (t === 'message') return message();
  }
  throw new KsqlError('INVALID_STATEMENT', 'The protobuf schema has no message');
}

function resolve(m: ProtoMessage, type: string): ProtoMessage | undefined {
  for (let s: ProtoMessage | undefined = m; s !== undefined; s = s.parent) {
    const n = s.nested.get(type);
    if (n !== undefined) return n;
  }
  return undefined;
}

/** Reader of protobuf's wire format. */
class In {
  at = 0;
  constructor(readonly buf: Buffer) {}

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf[this.at++];
      if (b === undefined) throw new KsqlError('INVALID_STATEMENT', 'Truncated protobuf varint');
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }

  take(n: number): Buffer {
    const b = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return b;
  }
}

type Value = bigint | number | Buffer | Decoded;
type Decoded = Map<number, Value[]>;

const NUMERIC_VARINT = new Set(['int32', 'int64', 'uint32', 'uint64', 'bool', 'sint32', 'sint64']);

function decode(buf: Buffer, m: ProtoMessage): Decoded {
  const out: Decoded = new Map();
  const input = new In(buf);
  const push = (n: number, v: Value): void => {
    const list = out.get(n);
    if (list === undefined) out.set(n, [v]);
    else list.push(v);
  };
  while (input.at < buf.length) {
    const tag = Number(input.varint());
    const number = tag >>> 3;
    const wire = tag & 7;
    const field = m.fields.find((f) => f.number === number);
    if (wire === 0) push(number, input.varint());
    else if (wire === 1) push(number, input.take(8).readDoubleLE(0));
    else if (wire === 5) push(number, input.take(4).readFloatLE(0));
    else if (wire === 2) {
      const body = input.take(Number(input.varint()));
      if (field === undefined) continue;
      const nested = resolve(m, field.type);
      if (nested !== undefined) push(number, decode(body, nested));
      else if (field.type === 'double' || NUMERIC_VARINT.has(field.type)) {
        // A packed run of repeated numbers.
        const packed = new In(body);
        while (packed.at < body.length) push(number, field.type === 'double' ? packed.take(8).readDoubleLE(0) : packed.varint());
      } else push(number, body);
    } else throw new KsqlError('INVALID_STATEMENT', `Unsupported protobuf wire type ${wire}`);
  }
  return out;
}

/** Bytes as protobuf's text format escapes them. */
function escapeBytes(b: Buffer): string {
  let s = '';
  for (const c of b) {
    switch (c) {
      case 0x07:
        s += '\\a';
        break;
      case 0x08:
        s += '\\b';
        break;
      case 0x0c:
        s += '\\f';
        break;
      case 0x0a:
        s += '\\n';
        break;
      case 0x0d:
        s += '\\r';
        break;
      case 0x09:
        s += '\\t';
        break;
      case 0x0b:
        s += '\\v';
        break;
      case 0x5c:
        s += '\\\\';
        break;
      case 0x27:
        s += "\\'";
        break;
      case 0x22:
        s += '\\"';
        break;
      default:
        s += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : `\\${c.toString(8).padStart(3, '0')}`;
    }
  }
  return s;
}

function scalarText(type: string, v: Value): string {
  switch (type) {
    case 'int32':
      return String(BigInt.asIntN(32, v as bigint));
    case 'int64':
      return String(BigInt.asIntN(64, v as bigint));
    case 'uint32':
    case 'uint64':
      return String(v as bigint);
    case 'bool':
      return (v as bigint) !== 0n ? 'true' : 'false';
    case 'double':
    case 'float':
      return javaToString(v as number, { kind: 'DOUBLE' });
    default:
      return `"${escapeBytes(v as Buffer)}"`;
  }
}

function print(m: ProtoMessage, d: Decoded, indent: string): string {
  let s = '';
  for (const f of [...m.fields].sort((a, b) => a.number - b.number)) {
    const values = d.get(f.number);
    if (values === undefined) continue;
    const nested = resolve(m, f.type);
    for (const v of f.repeated ? values : [values[values.length - 1]!]) {
      if (nested !== undefined) s += `${indent}${f.name} {\n${print(nested, v as Decoded, `${indent}  `)}${indent}}\n`;
      else s += `${indent}${f.name}: ${scalarText(f.type, v)}\n`;
    }
  }
  return s;
}

/** A row's bytes (base64) as protobuf's text format prints the message of `schema`. */
export function protobufRowText(schema: string, base64: string): string {
  const m = parseProtoSchema(schema);
  return print(m, decode(Buffer.from(base64, 'base64'), m), '');
}
