import { describe, expect, it } from 'vitest';
import { JavaRandom } from '../../../bench/nexmark/java-random.js';

// Printed by OpenJDK 17 for `new Random(seed)` followed by nextInt(), nextInt(13), nextInt(26),
// nextInt(16), nextInt(1000000007), nextBoolean(), nextDouble(), nextLong(), and the Nexmark price
// Math.round(Math.pow(10, nextDouble() * 6) * 100).
const JAVA = [
  '0:-1155484576,5,23,9,368843508,false,0.5504370051176339,-7423979211207825555,9984',
  '42:-1170105035,7,22,0,662969970,true,0.27707849007413665,-6169532649852302182,26316831',
  '1000:-1244746321,10,16,7,34204349,false,0.8286730570556206,6587229568998559159,182',
  '123456789:-1442945365,2,11,4,838606290,false,0.8933411602003871,-4618295442963808721,14351',
  '281474976710655:1155099827,8,9,8,421815597,true,0.4164383172882866,-3206673117535979274,6858411',
];

describe('JavaRandom', () => {
  it('draws exactly the numbers java.util.Random draws for the same seed', () => {
    for (const line of JAVA) {
      const [seed] = line.split(':');
      const r = JavaRandom.of(Number(seed));
      const ours = [
        r.nextInt(),
        r.nextInt(13),
        r.nextInt(26),
        r.nextInt(16),
        r.nextInt(1000000007),
        r.nextBoolean(),
        r.nextDouble(),
        r.nextLong(),
        Math.round(10 ** (r.nextDouble() * 6) * 100),
      ].join(',');
      expect(`${seed}:${ours}`).toBe(line);
    }
  });

  it('keeps bounded draws inside [0, bound)', () => {
    const r = JavaRandom.of(7);
    for (const bound of [1, 2, 3, 10, 26, 1000, 2 ** 30, 2 ** 31 - 1]) {
      for (let i = 0; i < 200; i++) {
        const v = r.nextInt(bound);
        expect(Number.isInteger(v) && v >= 0 && v < bound).toBe(true);
      }
    }
  });

  it('refuses a bound that is not positive, as Java does', () => {
    expect(() => JavaRandom.of(1).nextInt(0)).toThrow('bound must be positive');
  });
});
