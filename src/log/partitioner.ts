// Kafka's default key partitioner, bit for bit: murmur2 of the serialized key, made positive, modulo
// the partition count. Records produced here land in the same partition as the Java and kafkajs
// producers would put them, so embedded and Kafka topics agree on co-partitioning.

const SEED = 0x9747b28c | 0;
const M = 0x5bd1e995;

/**
 * Kafka's `Utils.murmur2`: a signed 32-bit hash. Java's wrapping int arithmetic is reproduced with
 * `Math.imul` and `| 0`; `>>>` is Java's unsigned shift on the same 32 bits.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i << 2;
    // The four bytes do not overlap, so Java's `+` of the shifted bytes equals a bitwise or.
    let k = data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  // Java's switch falls through 3 -> 2 -> 1; spelled as ifs for noFallthroughCasesInSwitch.
  const rest = length & 3;
  const tail = length & ~3;
  if (rest === 3) h ^= data[tail + 2]! << 16;
  if (rest >= 2) h ^= data[tail + 1]! << 8;
  if (rest >= 1) {
    h ^= data[tail]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `Utils.toPositive`: clears the sign bit (not `Math.abs`, which differs for MIN_VALUE). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** The partition Kafka's producer picks for a non-null serialized key. */
export function partitionForKey(key: Uint8Array, numPartitions: number): number {
  return toPositive(murmur2(key)) % numPartitions;
}
