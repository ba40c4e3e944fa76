import { minorDigits } from "../../../../shared/money/currency";

/**
 * How a provider writes an amount where it departs from ISO 4217 minor units (ours): other decimal digits
 * for some currencies, values it refuses to take (Stripe's three-decimal currencies must end in 0) and a
 * largest value. Converting is exact or nothing: an amount the provider cannot express is never rounded.
 */
export interface ProviderUnits {
  /** The provider's digits where they differ from ISO's. */
  digits: Readonly<Record<string, number>>;
  /** Currencies whose provider value must be a multiple of this. */
  multipleOf?: Readonly<Record<string, number>>;
  /** The largest value the provider takes, in its own units, and the currencies it allows more. */
  max?: { value: number; except?: readonly string[] };
}

const shift = (units: ProviderUnits, currency: string) => (units.digits[currency] ?? minorDigits(currency)) - minorDigits(currency);

/** An amount in ISO minor units as the provider's value; null when the provider cannot take it. */
export function toProviderValue(units: ProviderUnits, amount: number, currency: string): number | null {
  const s = shift(units, currency);
  let value: number;
  if (s >= 0) value = amount * 10 ** s;
  else if (amount % 10 ** -s === 0) value = amount / 10 ** -s;
  else return null;
  if (value % (units.multipleOf?.[currency] ?? 1) !== 0) return null;
  const max = units.max && !units.max.except?.includes(currency) ? units.max.value : Infinity;
  return value > max ? null : value;
}

/** A provider's value (an event's amount) in ISO minor units; null when it is no whole number of them. */
export function fromProviderValue(units: ProviderUnits, value: number, currency: string): number | null {
  const s = shift(units, currency);
  if (s <= 0) return value * 10 ** -s;
  return value % 10 ** s === 0 ? value / 10 ** s : null;
}
