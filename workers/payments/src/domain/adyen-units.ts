import { minorDigits } from "../../../../shared/money/currency";

/**
 * Adyen's minor units where they differ from ISO 4217 (docs.adyen.com/development-resources/currency-codes:
 * "for CLP, CVE, IDR and ISK … the decimals in the table on this page are leading"). Our amounts are ISO
 * minor units: unconverted, a CLP charge would be a hundredth of its price and an IDR one a hundred times it.
 */
const ADYEN_DIGITS: Readonly<Record<string, number>> = { CLP: 2, CVE: 0, IDR: 0, ISK: 2 };

const shift = (currency: string) => (ADYEN_DIGITS[currency] ?? minorDigits(currency)) - minorDigits(currency);

/** An amount in ISO minor units as Adyen's `value`; null when Adyen has no unit that small (IDR 0.50). */
export function toAdyenValue(amount: number, currency: string): number | null {
  const s = shift(currency);
  if (s >= 0) return amount * 10 ** s;
  const unit = 10 ** -s;
  return amount % unit === 0 ? amount / unit : null;
}

/** An Adyen `value` (a notification's amount) in ISO minor units; null when it is no whole number of them. */
export function fromAdyenValue(value: number, currency: string): number | null {
  const s = shift(currency);
  if (s <= 0) return value * 10 ** -s;
  const unit = 10 ** s;
  return value % unit === 0 ? value / unit : null;
}
