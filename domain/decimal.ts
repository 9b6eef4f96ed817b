/**
 * Exact decimal arithmetic for indicator values (docs/registers.md, docs/summaries.md).
 *
 * A value travels as its canonical decimal string: no exponent, no trailing zeros, no `+`,
 * `-0` written `0` (e.g. "9876.5", "-12", "0.000001"). Sums are computed on BigInt with a
 * common scale, so they reconcile to the last digit. Rates are the only floats, and only
 * where a ratio is asked for ({@link ratio}).
 *
 * @module
 */

/** A canonical decimal string. */
export type Decimal = string;

interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;

function toScaled(value: Decimal): Scaled {
  const m = DECIMAL_RE.exec(value);
  if (!m) throw new RangeError(`not a decimal: ${value}`);
  const frac = m[3] ?? '';
  const units = BigInt((m[2] ?? '0') + frac);
  return { units: m[1] === '-' ? -units : units, scale: frac.length };
}

function fromScaled({ units, scale }: Scaled): Decimal {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    let int = digits.slice(0, digits.length - scale);
    const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
    int = int.replace(/^0+(?=\d)/, '');
    digits = frac ? `${int}.${frac}` : int;
  }
  if (digits === '0') return '0';
  return negative ? `-${digits}` : digits;
}

function rescale(a: Scaled, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

/** Parses a plain decimal text into its canonical form; throws RangeError if it is not one. */
export function parseDecimal(text: string): Decimal {
  return fromScaled(toScaled(text.trim()));
}

/** Canonical form of a JS number as Excel shows it: rounded to 15 significant digits. */
export function decimalFromNumber(n: number): Decimal {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  const text = n.toPrecision(15);
  // toPrecision may use an exponent (1e+21 or 1.2e-7): expand it exactly.
  const m = /^(-)?(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return parseDecimal(text);
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const exp = Number(m[4]) - (m[3]?.length ?? 0);
  const units = BigInt(digits) * (m[1] ? -1n : 1n);
  return exp >= 0
    ? fromScaled({ units: units * 10n ** BigInt(exp), scale: 0 })
    : fromScaled({ units, scale: -exp });
}

export function add(a: Decimal, b: Decimal): Decimal {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  return fromScaled({ units: rescale(x, scale) + rescale(y, scale), scale });
}

export function sub(a: Decimal, b: Decimal): Decimal {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  return fromScaled({ units: rescale(x, scale) - rescale(y, scale), scale });
}

/** Multiplies by 10^exp exactly (unit conversion: 元→万元 is exp −4, 亿元→万元 is exp 4). */
export function shift(a: Decimal, exp: number): Decimal {
  const x = toScaled(a);
  if (exp >= 0) return fromScaled({ units: x.units * 10n ** BigInt(exp), scale: x.scale });
  return fromScaled({ units: x.units, scale: x.scale - exp });
}

/** Multiplies two decimals exactly. */
export function mul(a: Decimal, b: Decimal): Decimal {
  const x = toScaled(a);
  const y = toScaled(b);
  return fromScaled({ units: x.units * y.units, scale: x.scale + y.scale });
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const d = toScaled(sub(a, b)).units;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function isZero(a: Decimal): boolean {
  return toScaled(a).units === 0n;
}

export function isNegative(a: Decimal): boolean {
  return toScaled(a).units < 0n;
}

/**
 * Sum where null means "not reported": a sum over no reported value is null; one reported
 * 0 makes it 0 (docs/summaries.md).
 */
export function sumNullable(values: Iterable<Decimal | null | undefined>): Decimal | null {
  let total: Scaled | null = null;
  for (const v of values) {
    if (v == null) continue;
    const x = toScaled(v);
    if (total === null) {
      total = x;
      continue;
    }
    const scale = Math.max(total.scale, x.scale);
    total = { units: rescale(total, scale) + rescale(x, scale), scale };
  }
  return total === null ? null : fromScaled(total);
}

/** a / b as a float, for rates; null when b is null or zero, or a is null. */
export function ratio(a: Decimal | null, b: Decimal | null): number | null {
  if (a == null || b == null) return null;
  const y = toScaled(b);
  if (y.units === 0n) return null;
  const x = toScaled(a);
  // Exact quotient to 40 decimal places, then one conversion to the nearest float.
  const scale = Math.max(x.scale, y.scale);
  const q = (rescale(x, scale) * 10n ** 40n) / rescale(y, scale);
  return Number(`${q}e-40`);
}

/** Rounds half away from zero to `places` decimals and pads, for people to read. */
export function formatDecimal(a: Decimal | null, places = 2): string {
  if (a == null) return '—';
  const x = toScaled(a);
  let units = x.units;
  if (x.scale > places) {
    const div = 10n ** BigInt(x.scale - places);
    const q = units / div;
    const r = units % div;
    const twice = (r < 0n ? -r : r) * 2n;
    units = twice >= div ? q + (units < 0n ? -1n : 1n) : q;
  } else {
    units *= 10n ** BigInt(places - x.scale);
  }
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(places + 1, '0');
  const int = digits.slice(0, digits.length - places).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = digits.slice(digits.length - places);
  return `${negative ? '-' : ''}${int}${places > 0 ? `.${frac}` : ''}`;
}
