// Correctly rounded conversion of a decimal `m × 10^scale` to a double without making a string,
// for the 16 and 17 digit values Python's repr() writes for most metrics. Exact operands give
// the answer in one rounding (Clinger); otherwise the quotient or product is computed in
// double-double arithmetic (about 104 bits) and trusted only when that error cannot change the
// rounding. The caller converts the rare undecided value from text.

const POW10 = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
];
const SPLITTER = 134217729; // 2^27 + 1, for Veltkamp's split
// Far above the error of the double-double steps (below 2^-94 relative) and far below half an
// ulp (2^-53 relative): about one value in 2^37 is left undecided.
const MARGIN = 2 ** -90;
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: word 1

/**
 * `(hi × 10^loDigits + lo) × 10^scale`, where hi has at most 15 digits and lo at most 4; NaN when
 * the value cannot be decided here.
 */
export function decimalToDouble(hi: number, lo: number, loDigits: number, scale: number): number {
  if (scale < -22 || scale > 22 || loDigits > 4) return Number.NaN;
  const shift = POW10[loDigits];
  const power = POW10[scale < 0 ? -scale : scale];
  // m = hi × shift + lo exactly, as mh + ml (Dekker's TwoProduct, then TwoSum with lo).
  let p = hi * shift;
  let c = SPLITTER * hi;
  const hiH = c - (c - hi);
  const hiL = hi - hiH;
  c = SPLITTER * shift;
  const shH = c - (c - shift);
  const shL = shift - shH;
  const pErr = hiH * shH - p + hiH * shL + hiL * shH + hiL * shL;
  const sum = p + lo;
  const bb = sum - p;
  const sumErr = p - (sum - bb) + (lo - bb);
  const mh = sum + (pErr + sumErr);
  const ml = pErr + sumErr - (mh - sum);
  if (ml === 0) return scale < 0 ? mh / power : mh * power;

  let xh: number;
  let xl: number;
  c = SPLITTER * power;
  const pwH = c - (c - power);
  const pwL = power - pwH;
  if (scale < 0) {
    // (mh + ml) / power, as in the QD library's dd / d.
    const q1 = mh / power;
    c = SPLITTER * q1;
    const qH = c - (c - q1);
    const qL = q1 - qH;
    p = q1 * power;
    const pe = qH * pwH - p + qH * pwL + qL * pwH + qL * pwL;
    const s = mh - p;
    const sv = s - mh;
    const se = mh - (s - sv) + (-p - sv);
    const q2 = (s + (se - pe + ml)) / power;
    xh = q1 + q2;
    xl = q2 - (xh - q1);
  } else {
    c = SPLITTER * mh;
    const mH = c - (c - mh);
    const mL = mh - mH;
    p = mh * power;
    const pe = mH * pwH - p + mH * pwL + mL * pwH + mL * pwL + ml * power;
    xh = p + pe;
    xl = pe - (xh - p);
  }
  // xh = RN(xh + xl); the exact value rounds to xh unless it could sit on the other side of
  // the midpoint between xh and its neighbour.
  bits[0] = xh;
  const high = words[HIGH];
  const exponent = (high >>> 20) & 0x7ff;
  // Below a power of two the neighbour is half as far: leave those (and tiny values) undecided.
  if (exponent <= 53 || exponent === 0x7ff || ((high & 0xfffff) === 0 && words[1 - HIGH] === 0)) return Number.NaN;
  words[HIGH] = (exponent - 53) << 20;
  words[1 - HIGH] = 0;
  const halfUlp = bits[0];
  if (!(halfUlp - Math.abs(xl) > MARGIN * Math.abs(xh))) return Number.NaN;
  return xh;
}
