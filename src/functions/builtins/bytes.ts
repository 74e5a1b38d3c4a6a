// Byte and encoding functions: TO_BYTES / FROM_BYTES, ENCODE, the numeric *_FROM_BYTES readers
// and UUID, with the encodings ksqlDB supports (hex, utf8, ascii, base64).

import { randomUUID } from 'node:crypto';
import { normalizeLong } from '../../types/values.js';
import { sig } from '../signature.js';
import type { ScalarFunction } from '../types.js';
import { fail, scalar } from './define.js';

const HEX_RE = /^[0-9a-fA-F]*$/;

/** Hex text as ksqlDB reads it: optional 0x prefix (odd length allowed) or X'..' quoting. */
function hexToBytes(text: string): Buffer | null {
  let digits = text;
  let allowOdd = false;
  if (/^0x/i.test(digits) && !/^0x0x/i.test(digits)) {
    digits = digits.slice(2);
    allowOdd = true;
  } else if (/^[xX]'.*'$/.test(digits) && digits.length >= 3) {
    digits = digits.slice(2, -1);
  }
  if (!HEX_RE.test(digits)) return null;
  if (digits.length % 2 === 1) {
    if (!allowOdd) return null;
    digits = `0${digits}`;
  }
  return Buffer.from(digits, 'hex');
}

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

function encode(text: string, encoding: string): Buffer | null {
  switch (encoding.toLowerCase()) {
    case 'hex':
      return hexToBytes(text);
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'ascii': {
      const b = Buffer.alloc(text.length);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        b[i] = c < 128 ? c : 63;
      }
      return b;
    }
    case 'base64':
      if (!BASE64_RE.test(text) || text.length % 4 === 1) return fail(`Invalid base64 input: ${text}`);
      return Buffer.from(text, 'base64');
    default:
      return fail(`Supported input and output encodings are: hex, utf8, ascii and base64. Got: ${encoding}`);
  }
}

function decode(bytes: Buffer, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'hex':
      return bytes.toString('hex');
    case 'utf8':
      return new TextDecoder('utf-8').decode(bytes);
    case 'ascii': {
      let s = '';
      for (const b of bytes) s += b < 128 ? String.fromCharCode(b) : '\ufffd';
      return s;
    }
    case 'base64':
      return bytes.toString('base64');
    default:
      return fail(`Supported input and output encodings are: hex, utf8, ascii and base64. Got: ${encoding}`);
  }
}

function byteOrder(order: string | undefined): boolean {
  if (order === undefined) return false;
  const o = order.toUpperCase();
  if (o === 'BIG_ENDIAN') return false;
  if (o === 'LITTLE_ENDIAN') return true;
  return fail(`byteOrder must be BIG_ENDIAN or LITTLE_ENDIAN. Got: ${order}`);
}

function checkSize(b: Buffer, size: number): void {
  if (b.length !== size) fail(`Number of bytes must be equal to ${size}, but found ${b.length}`);
}

function uuidFromBytes(b: Buffer): string | null {
  if (b.length !== 16) return null;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function bytesFunctions(): ScalarFunction[] {
  return [
    scalar('TO_BYTES', 'BYTES', 'Converts a string to bytes using the encoding (hex, utf8, ascii, base64).', [
      sig('str STRING, encoding STRING', 'BYTES', (s: string, e: string) => encode(s, e) ?? fail(`Invalid hex input: ${s}`)),
    ]),
    scalar('FROM_BYTES', 'BYTES', 'Converts bytes to a string using the encoding (hex, utf8, ascii, base64).', [
      sig('bytes BYTES, encoding STRING', 'STRING', decode),
    ]),
    scalar('ENCODE', 'STRING', 'Re-encodes a string from one encoding to another (hex, utf8, ascii, base64).', [
      sig('str STRING, inputEncoding STRING, outputEncoding STRING', 'STRING', (s: string, from: string, to: string) => {
        const b = encode(s, from);
        return b === null ? null : decode(b, to);
      }),
    ]),
    scalar('INT_FROM_BYTES', 'BYTES', 'Reads a 4-byte INTEGER (big-endian unless LITTLE_ENDIAN is given).', [
      sig('bytes BYTES', 'INTEGER', (b: Buffer) => (checkSize(b, 4), b.readInt32BE(0))),
      sig('bytes BYTES, byteOrder STRING', 'INTEGER', (b: Buffer, o: string) => (checkSize(b, 4), byteOrder(o) ? b.readInt32LE(0) : b.readInt32BE(0))),
    ]),
    scalar('BIGINT_FROM_BYTES', 'BYTES', 'Reads an 8-byte BIGINT (big-endian unless LITTLE_ENDIAN is given).', [
      sig('bytes BYTES', 'BIGINT', (b: Buffer) => (checkSize(b, 8), normalizeLong(b.readBigInt64BE(0)))),
      sig('bytes BYTES, byteOrder STRING', 'BIGINT', (b: Buffer, o: string) =>
        (checkSize(b, 8), normalizeLong(byteOrder(o) ? b.readBigInt64LE(0) : b.readBigInt64BE(0)))),
    ]),
    scalar('DOUBLE_FROM_BYTES', 'BYTES', 'Reads an 8-byte DOUBLE (big-endian unless LITTLE_ENDIAN is given).', [
      sig('bytes BYTES', 'DOUBLE', (b: Buffer) => (checkSize(b, 8), b.readDoubleBE(0))),
      sig('bytes BYTES, byteOrder STRING', 'DOUBLE', (b: Buffer, o: string) => (checkSize(b, 8), byteOrder(o) ? b.readDoubleLE(0) : b.readDoubleBE(0))),
    ]),
    scalar('UUID', 'STRING', 'Returns a random UUID, or the UUID held in 16 bytes.', [
      sig('', 'STRING', () => randomUUID(), { deterministic: false }),
      sig('bytes BYTES', 'STRING', uuidFromBytes),
    ]),
  ];
}
