import { describe, expect, it } from "vitest";
import { formatMoney, minorToDecimal } from "../../../../shared/money/format";
import { minorDigits } from "../../../../shared/money/currency";
import { localizePrice } from "./price";

const rates = new Map([["USD", "1"], ["EUR", "0.92"], ["JPY", "151.5"], ["BRL", "5.45"], ["IDR", "16200"]]);
const DE = { currency: "EUR", taxInclusive: true, vatBps: 1900 };
const US = { currency: "USD", taxInclusive: false, vatBps: 0 };

describe("localized prices", () => {
  it("converts, adds VAT where the market shows it, and formats the local way", () => {
    const p = localizePrice({ base: { amount: 10000, currency: "USD" }, market: DE, rates, locale: "de-DE" })!;
    expect(p).toEqual({ amount: 10948, currency: "EUR", formatted: "109,48\u00a0€", taxIncluded: true });
  });

  it("shows US prices without tax", () => {
    expect(localizePrice({ base: { amount: 10000, currency: "USD" }, market: US, rates, locale: "en-US" })).toEqual({
      amount: 10000,
      currency: "USD",
      formatted: "$100.00",
      taxIncluded: false,
    });
  });

  it("prefers the country's own price, converting it only if another currency is asked for", () => {
    const input = { base: { amount: 10000, currency: "USD" }, override: { amount: 9900, currency: "EUR" }, market: DE, rates, locale: "de" };
    expect(localizePrice(input)!.amount).toBe(11781); // 99.00 × 1.19
    expect(localizePrice({ ...input, currency: "USD" })!.amount).toBe(12805); // 99 / 0.92 × 1.19 = 128.054…
  });

  it("writes JPY without decimals and keeps a non-zero IDR fraction", () => {
    expect(formatMoney(33328, "JPY", "ja")).toBe("￥33,328");
    // Whole amounts look the way CLDR shows the currency; a fraction of it is never hidden.
    expect(formatMoney(1500000, "IDR", "id")).toBe(new Intl.NumberFormat("id", { style: "currency", currency: "IDR" }).format(15000));
    expect(formatMoney(1500050, "IDR", "id")).toMatch(/^Rp\s15\.000,50$/);
    expect(formatMoney(61497, "KWD", "ar")).toMatch(/61[.٫]497|٦١٫٤٩٧/); // three fils digits, whichever numerals CLDR gives ar
  });

  it("builds exact decimal strings from minor units", () => {
    expect(minorToDecimal(5, "EUR")).toBe("0.05");
    expect(minorToDecimal(9007199254740991, "EUR")).toBe("90071992547409.91");
    expect(minorToDecimal(7, "KWD")).toBe("0.007");
    expect(minorToDecimal(7, "JPY")).toBe("7");
    expect([minorDigits("JPY"), minorDigits("KWD"), minorDigits("BHD"), minorDigits("EUR"), minorDigits("IDR")]).toEqual([0, 3, 3, 2, 2]);
  });
});
