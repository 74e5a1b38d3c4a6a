// The HyperLogLog sketch behind COUNT_DISTINCT, as ksqlDB builds it with stream-lib: 2^10
// registers, MurmurHash2 of the value (Java's boxed hashing rules), linear counting for small
// sets. Registers live in a Buffer so the state stays plain data.

import type { SqlType } from '../../types/sql-type.js';
import type { DecimalValue } from '../../types/values.js';
import { javaDecimalToString, javaToString } from '../values/java-string.js';

export const LOG2M = 10;
const M = 1 << LOG2M;
const ALPHA_MM = (0.7213 / (1 + 1.079 / M)) * M * M;
const MURMUR_M = 0x5bd1e995;
/** 2^-rank for every rank a register can hold (ranks stay below 33). */
const INVERSE_POWERS = Float64Array.from({ length: 34 }, (_, r) => 2 ** -r);

/** stream-lib MurmurHash.hash(byte[]) with seed -1 (Murmur2, trailing bytes sign-extended as in Java). */
export function murmurBytes(data: Uint8Array): number {
  const length = data.length;
  let h = -1 ^ length;
  const len4 = length >> 2;
  for (let i = 0; i < len4; i++) {
    const i4 = i << 2;
    let k = data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24);
    k = Math.imul(k, MURMUR_M);
    k ^= k >>> 24;
    k = Math.imul(k, MURMUR_M);
    h = Math.imul(h, MURMUR_M);
    h ^= k;
  }
  const left = length - (len4 << 2);
  if (left !== 0) {
    if (left >= 3) h ^= ((data[length - 3]! << 24) >> 24) << 16;
    if (left >= 2) h ^= ((data[length - 2]! << 24) >> 24) << 8;
    h ^= (data[length - 1]! << 24) >> 24;
    h = Math.imul(h, MURMUR_M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, MURMUR_M);
  h ^= h >>> 15;
  return h | 0;
}

/** stream-lib MurmurHash.hashLong of a 64-bit value given as its low and high 32 bits. */
export function murmurLong(low: number, high: number): number {
  let k = Math.imul(low, MURMUR_M);
  k ^= k >>> 24;
  let h = Math.imul(k, MURMUR_M);
  k = Math.imul(high, MURMUR_M);
  k ^= k >>> 24;
  h = Math.imul(h, MURMUR_M);
  h ^= Math.imul(k, MURMUR_M);
  h ^= h >>> 13;
  h = Math.imul(h, MURMUR_M);
  h ^= h >>> 15;
  return h | 0;
}

function hashInteger(v: number | bigint): number {
  if (typeof v === 'bigint') return murmurLong(Number(BigInt.asIntN(32, v)), Number(BigInt.asIntN(32, v >> 32n)));
  return murmurLong(v | 0, Math.floor(v / 4294967296) | 0);
}

const doubleView = new DataView(new ArrayBuffer(8));

function hashDouble(d: number): number {
  doubleView.setFloat64(0, d);
  return murmurLong(doubleView.getInt32(4), doubleView.getInt32(0));
}

/**
 * The hash stream-lib gives the Java object ksqlDB holds for a value of `type`: Integer and Long
 * through hashLong, Double through its raw bits, strings through their UTF-8 bytes, anything
 * else through its toString(). BYTES hash their content (ksqlDB hashes ByteBuffer.toString(),
 * which counts every buffer of one length as the same value).
 */
export function hashValue(v: unknown, type: SqlType): number {
  switch (type.kind) {
    case 'INTEGER':
    case 'BIGINT':
      return hashInteger(v as number | bigint);
    case 'DOUBLE':
      return hashDouble(v as number);
    case 'STRING':
      return murmurBytes(Buffer.from(v as string, 'utf8'));
    case 'BYTES':
      return murmurBytes(v as Buffer);
    case 'DECIMAL':
      return murmurBytes(Buffer.from(javaDecimalToString(v as DecimalValue, type.scale), 'utf8'));
    default:
      return murmurBytes(Buffer.from(javaToString(v, type, true), 'utf8'));
  }
}

export function newRegisters(): Buffer {
  return Buffer.alloc(M);
}

/** HyperLogLog.offerHashed: the first LOG2M bits pick the register, the rest give the rank. */
export function offerHash(registers: Buffer, hash: number): void {
  const j = hash >>> (32 - LOG2M);
  const r = Math.clz32((hash << LOG2M) | ((1 << (LOG2M - 1)) + 1)) + 1;
  if (registers[j]! < r) registers[j] = r;
}

export function mergeRegisters(a: Buffer, b: Buffer): Buffer {
  for (let i = 0; i < M; i++) if (b[i]! > a[i]!) a[i] = b[i]!;
  return a;
}

/** HyperLogLog.cardinality, rounded like Math.round. */
export function cardinality(registers: Buffer): number {
  let sum = 0;
  let zeros = 0;
  for (let j = 0; j < M; j++) {
    const v = registers[j]!;
    sum += INVERSE_POWERS[v]!;
    if (v === 0) zeros++;
  }
  const estimate = ALPHA_MM * (1 / sum);
  if (estimate <= 2.5 * M) return javaRound(M * Math.log(M / zeros));
  return javaRound(estimate);
}

/** Java Math.round: half up (toward positive infinity). */
function javaRound(x: number): number {
  return Math.floor(x + 0.5);
}
