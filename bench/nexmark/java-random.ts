// java.util.Random, bit for bit: the reference Nexmark generator seeds one Random per event with the
// event id, so reproducing its 48-bit LCG reproduces its choices. The state is kept in three 16-bit
// limbs, so each step is a few exact integer multiplications, without BigInt (a million events
// draw ~100 million numbers).

const TWO_24 = 0x1000000;
const MULT_HI = 0x5de; // 0x5DEECE66D >> 24
const MULT_LO = 0xece66d; // 0x5DEECE66D & 0xFFFFFF
/** The multiplier in 16-bit limbs, low first. */
const M0 = 0xe66d;
const M1 = 0xdeec;
const M2 = 0x5;
const ADDEND = 0xb;

export class JavaRandom {
  /** The 48-bit state in three 16-bit limbs, low first: every step is int32 arithmetic. */
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;

  /** `seed` is a 48-bit value split as `seedHi * 2^24 + seedLo` (Java scrambles it with the multiplier). */
  constructor(seedLo = 0, seedHi = 0) {
    this.setSeed(seedLo, seedHi);
  }

  /** Like `new Random(n)` for 0 <= n < 2^48. */
  static of(n: number): JavaRandom {
    return new JavaRandom(n % TWO_24, Math.floor(n / TWO_24) % TWO_24);
  }

  setSeed(seedLo: number, seedHi: number): void {
    // (seed ^ 0x5DEECE66D) & (2^48 - 1), half by half.
    const lo = (seedLo ^ MULT_LO) & 0xffffff;
    const hi = (seedHi ^ MULT_HI) & 0xffffff;
    this.s0 = lo & 0xffff;
    this.s1 = (lo >>> 16) | ((hi & 0xff) << 8);
    this.s2 = hi >>> 8;
  }

  /** The next `bits` (1..32) random bits as a signed 32-bit int, as Random.next(bits). */
  next(bits: number): number {
    const { s0, s1, s2 } = this;
    // state = state * 0x5DEECE66D + 0xB mod 2^48, limb by limb with carries.
    const p0 = (Math.imul(s0, M0) >>> 0) + ADDEND;
    const p1 = (Math.imul(s0, M1) >>> 0) + (Math.imul(s1, M0) >>> 0) + Math.floor(p0 / 0x10000);
    const p2 = Math.imul(s0, M2) + Math.imul(s1, M1) + Math.imul(s2, M0) + Math.floor(p1 / 0x10000);
    this.s0 = p0 & 0xffff;
    this.s1 = p1 % 0x10000;
    this.s2 = p2 & 0xffff;
    if (bits <= 16) return this.s2 >>> (16 - bits);
    return (this.s2 << (bits - 16)) | (this.s1 >>> (32 - bits));
  }

  nextInt(bound?: number): number {
    if (bound === undefined) return this.next(32);
    if (!(bound > 0)) throw new RangeError('bound must be positive');
    // A power of two takes the high bits, as Java does.
    if ((bound & -bound) === bound) return Math.floor((bound * this.next(31)) / 0x80000000);
    let bits: number;
    let val: number;
    do {
      bits = this.next(31);
      val = bits % bound;
    } while (bits - val + (bound - 1) > 0x7fffffff);
    return val;
  }

  nextBoolean(): boolean {
    return this.next(1) !== 0;
  }

  nextDouble(): number {
    return (this.next(26) * 0x8000000 + this.next(27)) / 2 ** 53;
  }

  /** Random.nextLong() as a bigint (64-bit signed). */
  nextLong(): bigint {
    const high = BigInt(this.next(32));
    const low = BigInt(this.next(32));
    return BigInt.asIntN(64, (high << 32n) + low);
  }
}
