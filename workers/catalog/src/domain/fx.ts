import { minorDigits } from "../../../../shared/money/currency";
import { div, int, mul, parseDecimal, type Rational } from "./rational";

/** Units of each currency per one USD, as decimal strings (USD itself is "1"). */
export type FxTable = ReadonlyMap<string, string>;

/**
 * `amount` minor units of `from` in minor units of `to`, exactly (unrounded):
 * amount / 10^d(from) × perUsd(to) / perUsd(from) × 10^d(to). Callers round
 * once with `roundHalfUp` after any further step (tax), so errors never add up.
 * Returns null when either rate is missing.
 */
export function convertExact(amount: number | bigint, from: string, to: string, rates: FxTable): Rational | null {
  const scale = (c: string) => 10n ** BigInt(minorDigits(c));
  if (from === to) return int(amount);
  const rateFrom = rates.get(from);
  const rateTo = rates.get(to);
  if (rateFrom === undefined || rateTo === undefined) return null;
  const major = int(amount, scale(from));
  const cross = div(parseDecimal(rateTo), parseDecimal(rateFrom));
  return mul(mul(major, cross), int(scale(to)));
}

/** A valid rate: positive, plain decimal, at most 12 digits either side (fits any real currency). */
export const RATE_PATTERN = /^(?=.*[1-9])\d{1,12}(\.\d{1,12})?$/;
