/**
 * ISO 4217 minor-unit digits. Intl's digits come from CLDR, which rounds some
 * currencies for display (IDR, HUF, COP, PKR, IQD… show 0 digits) although ISO
 * gives them 2 or 3: amounts are stored in ISO minor units, so ISO decides here
 * and only the exceptions to "2" are listed.
 */
const ISO_DIGITS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

let known: Set<string> | undefined;

/** Whether `code` is an ISO 4217 currency this runtime's ICU knows (so Intl can format it). */
export function isKnownCurrency(code: string): boolean {
  known ??= new Set(Intl.supportedValuesOf("currency"));
  return known.has(code);
}

/** Digits after the decimal point in the currency's minor unit (JPY 0, EUR 2, KWD 3). */
export function minorDigits(currency: string): number {
  return ISO_DIGITS[currency] ?? 2;
}

/** The digits CLDR shows by default: fewer than ISO's for some currencies (IDR shows "Rp 15.000"). */
export function displayDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}
