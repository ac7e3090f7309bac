/**
 * Python's `'{:.Nf}'` and `'{:.Ne}'` float formatting, bit-exact.
 *
 * PyTorch formats every element through Python's `str.format`, which rounds the exact binary
 * value of the double (correctly, ties to even). `Number.prototype.toFixed` and `toExponential`
 * disagree with it on ties and above 1e21, so the digits here come from the exact decimal
 * expansion of the double, computed with BigInt.
 */

const view = new DataView(new ArrayBuffer(8));
const pow10Cache: bigint[] = [1n];

function pow10(n: number): bigint {
  for (let i = pow10Cache.length; i <= n; i++) pow10Cache.push(pow10Cache[i - 1]! * 10n);
  return pow10Cache[n]!;
}

/**
 * The exact value of a finite, non-negative double as `digits / 10 ** scale`.
 * A double is `m * 2 ** e`; for `e < 0` that equals `m * 5 ** -e / 10 ** -e`, which is exact.
 */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) {
    exp = -1074;
  } else {
    mantissa |= 1n << 52n;
    exp = biased - 1075;
  }
  if (mantissa === 0n) return { digits: 0n, scale: 0 };
  while ((mantissa & 1n) === 0n && exp < 0) {
    mantissa >>= 1n;
    exp++;
  }
  if (exp >= 0) return { digits: mantissa << BigInt(exp), scale: 0 };
  return { digits: mantissa * 5n ** BigInt(-exp), scale: -exp };
}

/** `n / 10 ** drop`, rounded half to even. */
function roundHalfEven(n: bigint, drop: number): bigint {
  if (drop <= 0) return n * pow10(-drop);
  const divisor = pow10(drop);
  const q = n / divisor;
  const twice = (n % divisor) * 2n;
  if (twice > divisor || (twice === divisor && (q & 1n) === 1n)) return q + 1n;
  return q;
}

function nonFinite(x: number): string | undefined {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return undefined;
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/**
 * Python's `'{:.<precision>f}'.format(x)`: fixed notation with `precision` decimals.
 *
 * @example
 * formatFixed(2.5, 0); // '2'  (ties to even, like Python)
 * formatFixed(-0, 1); // '-0.0'
 */
export function formatFixed(x: number, precision: number): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  const { digits, scale } = exactDecimal(Math.abs(x));
  let s = roundHalfEven(digits, scale - precision).toString();
  if (precision > 0) {
    s = s.padStart(precision + 1, '0');
    s = `${s.slice(0, -precision)}.${s.slice(-precision)}`;
  }
  return isNegative(x) ? `-${s}` : s;
}

/**
 * Python's `'{:.<precision>e}'.format(x)`: scientific notation with `precision` decimals in the
 * mantissa and an exponent of at least two digits.
 *
 * @example
 * formatExponential(12345, 2); // '1.23e+04'
 * formatExponential(5e-324, 4); // '4.9407e-324'
 */
export function formatExponential(x: number, precision: number): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  const { digits, scale } = exactDecimal(Math.abs(x));
  let mantissa: string;
  let exponent = 0;
  if (digits === 0n) {
    mantissa = '0'.repeat(precision + 1);
  } else {
    const length = digits.toString().length;
    exponent = length - 1 - scale;
    let rounded = roundHalfEven(digits, length - (precision + 1));
    if (rounded === pow10(precision + 1)) {
      rounded = pow10(precision);
      exponent++;
    }
    mantissa = rounded.toString();
  }
  const body = precision > 0 ? `${mantissa.slice(0, 1)}.${mantissa.slice(1)}` : mantissa;
  const expDigits = Math.abs(exponent).toString().padStart(2, '0');
  const sign = isNegative(x) ? '-' : '';
  return `${sign}${body}e${exponent < 0 ? '-' : '+'}${expDigits}`;
}
