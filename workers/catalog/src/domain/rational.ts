/** An exact non-negative rational number: money arithmetic never touches floats. */
export interface Rational {
  num: bigint;
  den: bigint;
}

/** A plain decimal string ("151.2345") as an exact rational. */
export function parseDecimal(text: string): Rational {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`not a plain decimal: ${text}`);
  const frac = m[2] ?? "";
  return { num: BigInt(m[1]! + frac), den: 10n ** BigInt(frac.length) };
}

export const mul = (a: Rational, b: Rational): Rational => ({ num: a.num * b.num, den: a.den * b.den });

export const div = (a: Rational, b: Rational): Rational => {
  if (b.num === 0n) throw new RangeError("division by zero");
  return { num: a.num * b.den, den: a.den * b.num };
};

export const int = (n: number | bigint, den: bigint = 1n): Rational => ({ num: BigInt(n), den });

/**
 * THE rounding rule of the catalog: round half up (0.5 → 1) on the exact
 * rational, once, at the very end. Amounts are never negative, so this is
 * also "half away from zero", the commercial rule shoppers expect.
 */
export function roundHalfUp(r: Rational): bigint {
  if (r.num < 0n || r.den <= 0n) throw new RangeError("amounts are non-negative");
  return (2n * r.num + r.den) / (2n * r.den);
}
