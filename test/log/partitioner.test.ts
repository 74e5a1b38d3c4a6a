// Kafka's default partitioner: the vectors below were computed with the real
// org.apache.kafka.common.utils.Utils.murmur2 and BuiltInPartitioner.partitionForKey of
// kafka-clients 3.9.0 (jshell), so a mismatch means records land where Kafka would not put them.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey, toPositive } from '../../src/log/partitioner.js';

/** [key bytes, Utils.murmur2, partitionForKey(key, 3), partitionForKey(key, 7)] */
const KAFKA_VECTORS: readonly (readonly [Buffer, number, number, number])[] = [
  [Buffer.from(''), 275646681, 0, 2],
  [Buffer.from('a'), -1563381124, 1, 5],
  [Buffer.from('foo'), 597841616, 2, 1],
  [Buffer.from('21'), -973932308, 0, 3],
  [Buffer.from('foobar'), -790332482, 0, 0],
  [Buffer.from('abc'), 479470107, 0, 4],
  [Buffer.from('abcd'), -1323649548, 2, 5],
  [Buffer.from('abcde'), 461995741, 1, 4],
  [Buffer.from('abcdef'), 1870650108, 0, 5],
  [Buffer.from('abcdefg'), -346467175, 1, 4],
  [Buffer.from('a-little-bit-long-string'), -985981536, 2, 1],
  [Buffer.from('a-little-bit-longer-string'), -1486304829, 2, 0],
  [Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'), -58897971, 2, 3],
  [Buffer.from('ключ'), 2122343024, 2, 4],
  [Buffer.from('1'), -1993445489, 0, 2],
  [Buffer.from('key-42'), -187086521, 0, 3],
  [Buffer.from('ff80007ffe', 'hex'), 768357719, 2, 3],
  [Buffer.from('00000001', 'hex'), -173113808, 0, 2],
  [Buffer.from('ffffffff', 'hex'), 644171429, 2, 6],
  [Buffer.from('808182', 'hex'), -1975640061, 2, 6],
];

describe('Kafka default partitioner', () => {
  it.each(KAFKA_VECTORS.map((v) => [v[0].toString('hex'), ...v] as const))(
    'hashes key 0x%s exactly like Kafka 3.9 Utils.murmur2 and picks the same partition',
    (_hex, key, hash, p3, p7) => {
      expect(murmur2(key)).toBe(hash);
      expect(partitionForKey(key, 3)).toBe(p3);
      expect(partitionForKey(key, 7)).toBe(p7);
      expect(partitionForKey(key, 1)).toBe(0);
    },
  );

  it('agrees with kafkajs (the Kafka backend client) on 2000 random keys of every tail length', () => {
    const require = createRequire(import.meta.url);
    const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (key: Buffer) => number;
    let seed = 12345;
    const nextByte = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 24;
    };
    for (let n = 0; n < 2000; n++) {
      const key = Buffer.alloc(n % 67);
      for (let i = 0; i < key.length; i++) key[i] = nextByte();
      expect(murmur2(key)).toBe(kafkajsMurmur2(key));
    }
  });

  it('makes hashes positive by clearing the sign bit, as Utils.toPositive does', () => {
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(2147483647);
    expect(toPositive(-1563381124)).toBe(584102524);
    expect(toPositive(42)).toBe(42);
  });
});
