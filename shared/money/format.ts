import { displayDigits, isKnownCurrency, minorDigits } from "./currency";

/** An integer count of minor units as an exact decimal string: 123456 JPY → "123456", 1999 EUR → "19.99". */
export function minorToDecimal(amount: number | bigint, currency: string): string {
  const digits = minorDigits(currency);
  const n = BigInt(amount);
  const sign = n < 0n ? "-" : "";
  const abs = (n < 0n ? -n : n).toString();
  if (digits === 0) return sign + abs;
  const padded = abs.padStart(digits + 1, "0");
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** `19.99` in a currency → its minor units (1999), or null when it is not an amount in that currency: `minorToDecimal`'s inverse, for forms. */
export function toMinorUnits(text: string, currency: string): number | null {
  if (!isKnownCurrency(currency)) return null;
  const digits = minorDigits(currency);
  const m = /^(\d{1,12})(?:[.,](\d+))?$/.exec(text.trim());
  if (!m || (m[2] ?? "").length > digits) return null;
  return Number(m[1]) * 10 ** digits + Number((m[2] ?? "").padEnd(digits, "0") || 0);
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Money formatted the way `locale` writes it. The amount reaches Intl as an
 * exact decimal string (no float division). Trailing zero digits the locale
 * would not show are dropped, but a non-zero minor unit is never hidden.
 */
export function formatMoney(amount: number | bigint, currency: string, locale: string): string {
  const iso = minorDigits(currency);
  const key = `${locale}|${currency}`;
  let nf = formatters.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: Math.min(iso, displayDigits(currency)),
      maximumFractionDigits: iso,
    });
    if (formatters.size >= 512) formatters.clear(); // tenants choose locales: keep the memo bounded
    formatters.set(key, nf);
  }
  return nf.format(minorToDecimal(amount, currency) as Intl.StringNumericLiteral);
}
