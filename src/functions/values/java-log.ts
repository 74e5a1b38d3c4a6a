// The natural logarithm as the JVM computes Math.log: correctly rounded (V8's Math.log can be one
// unit in the last place off, e.g. ln 3). Evaluated in double-double arithmetic (~1e-30 relative),
// then rounded once; about as fast as a few dozen multiplications.

const SPLITTER = 134217729; // 2^27 + 1, for Dekker's exact products
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
const THIRD_HI = 0.3333333333333333;
const THIRD_LO = 1.850371707708594e-17;
const SQRT2 = Math.SQRT2;
const TWO_54 = 18014398509481984;

// 1/5, 1/7, ..., 1/29: with z = s^2 <= 0.0295, later terms are below the result's precision.
const INV_ODD = Float64Array.from({ length: 13 }, (_, i) => 1 / (5 + 2 * i));

const view = new DataView(new ArrayBuffer(8));

// Results of the double-double helpers, kept in module slots so nothing is allocated per call.
let H = 0;
let L = 0;

function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  H = s;
  L = a - (s - bb) + (b - bb);
}

function twoProd(a: number, b: number): void {
  const p = a * b;
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  H = p;
  L = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** (ah, al) * (bh, bl) into H, L. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const ph = H;
  const pl = L + (ah * bl + al * bh);
  twoSum(ph, pl);
}

/** (ah, al) + (bh, bl) into H, L. */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  twoSum(ah, bh);
  const sh = H;
  const sl = L + al + bl;
  twoSum(sh, sl);
}

/** Math.log with the JVM's (correctly rounded) result. */
export function javaLog(x: number): number {
  if (!(x > 0) || x === Infinity || x === 1) return Math.log(x);
  // x = m * 2^k with m in [sqrt(1/2), sqrt(2)).
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= TWO_54;
    k = -54;
  }
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  k += ((hi >>> 20) & 0x7ff) - 1023;
  view.setUint32(0, (hi & 0x000fffff) | 0x3ff00000);
  let m = view.getFloat64(0);
  if (m > SQRT2) {
    m /= 2;
    k++;
  }
  // ln(m) = 2 atanh(s), s = f / (2 + f), f = m - 1 (exact).
  const f = m - 1;
  twoSum(2, f);
  const dh = H;
  const dl = L;
  const sh = f / dh;
  // s's low part from the remainder f - sh * d, computed exactly enough.
  twoProd(sh, dh);
  const sl = (f - H - L - sh * dl) / dh;
  ddMul(sh, sl, sh, sl);
  const zh = H;
  const zl = L;
  // 1 + z/3 + z^2 (1/5 + z/7 + z^2/9 + ...): the series tail in plain doubles is small enough.
  let tail = 0;
  for (let i = INV_ODD.length - 1; i >= 0; i--) tail = tail * zh + INV_ODD[i]!;
  tail *= zh * zh;
  ddMul(zh, zl, THIRD_HI, THIRD_LO);
  ddAdd(H, L, 1, tail);
  ddMul(H, L, 2 * sh, 2 * sl);
  const lh = H;
  const ll = L;
  if (k === 0) return lh + ll;
  twoProd(k, LN2_HI);
  ddAdd(H, L + k * LN2_LO, lh, ll);
  return H + L;
}
