import fc from "fast-check";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM seed data without types
import { MARKETS as CATALOG_MARKETS } from "../../../../scripts/seed/catalog-data.mjs";
import { isKnownCurrency } from "../../../../shared/money/currency";
import { MARKETS, METHODS } from "./methods-data";
import { amountBand, rankMethods, unfit } from "./ranking";

const catalogMarkets = CATALOG_MARKETS as [string, string, string][];

describe("methods data", () => {
  it("covers every market the catalog seeds, each with a method in its own currency and a source for every share", () => {
    expect(catalogMarkets).toHaveLength(34);
    for (const [country, , currency] of catalogMarkets) {
      const ranked = rankMethods({ country, currency });
      expect(ranked.length, country).toBeGreaterThan(0);
      for (const e of MARKETS[country]!) expect(e.source).toMatch(/\d{4}/);
    }
  });

  it("names only real currencies and providers, with sane limits", () => {
    for (const [id, spec] of Object.entries(METHODS)) {
      for (const ccy of spec.currencies) expect(isKnownCurrency(ccy), `${id} ${ccy}`).toBe(true);
      expect(spec.providers.length, id).toBeGreaterThan(0);
      for (const [ccy, l] of Object.entries((spec as { limits?: Record<string, { min?: number; max?: number }> }).limits ?? {})) {
        expect(spec.currencies).toContain(ccy);
        if (l.min !== undefined && l.max !== undefined) expect(l.min).toBeLessThanOrEqual(l.max);
      }
    }
  });
});

describe("rankMethods", () => {
  it("puts the methods locals use first: iDEAL in NL, Pix in BR, Alipay in CN, mada in SA, BLIK in PL, UPI in IN", () => {
    const first = (country: string, currency: string) => rankMethods({ country, currency, amount: 5000 })[0]!.method;
    expect(first("NL", "EUR")).toBe("ideal");
    expect(first("BR", "BRL")).toBe("pix");
    expect(first("CN", "CNY")).toBe("alipay");
    expect(first("SA", "SAR")).toBe("mada");
    expect(first("PL", "PLN")).toBe("blik");
    expect(first("IN", "INR")).toBe("upi");
  });

  it("leaves out methods that do not take the currency or whose limits exclude the amount", () => {
    expect(rankMethods({ country: "NL", currency: "USD" }).map((m) => m.method)).not.toContain("ideal");
    expect(rankMethods({ country: "JP", currency: "JPY", amount: 100 }).map((m) => m.method)).not.toContain("konbini");
    expect(rankMethods({ country: "JP", currency: "JPY", amount: 120 }).map((m) => m.method)).toContain("konbini");
    expect(rankMethods({ country: "MX", currency: "MXN", amount: 1_000_001 }).map((m) => m.method)).not.toContain("oxxo");
  });

  it("only ever offers what unfit() accepts, ordered by share (property)", () => {
    const countries = Object.keys(MARKETS);
    const currencies = [...new Set(Object.values(METHODS).flatMap((m) => [...m.currencies]))];
    fc.assert(
      fc.property(fc.constantFrom(...countries), fc.constantFrom(...currencies), fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: undefined }), (country, currency, amount) => {
        const ranked = rankMethods({ country, currency, amount });
        for (const r of ranked) expect(unfit(r.method, { country, currency, amount })).toBeNull();
        for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.share).toBeGreaterThanOrEqual(ranked[i]!.share);
      }),
    );
  });

  it("explains a refusal: not offered, wrong currency, out of range", () => {
    expect(unfit("pix", { country: "NL", currency: "EUR" })?.code).toBe("method_not_offered");
    expect(unfit("ideal", { country: "NL", currency: "USD" })?.code).toBe("currency_not_accepted");
    expect(unfit("ideal", { country: "NL", currency: "EUR", amount: 5_000_001 })?.code).toBe("amount_out_of_range");
  });
});

describe("amountBand", () => {
  const countries = Object.keys(MARKETS);
  const currencies = [...new Set(Object.values(METHODS).flatMap((m) => m.currencies))];
  it("gives two amounts one band only when every method's limits treat them alike", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...countries),
        fc.constantFrom(...currencies),
        fc.integer({ min: 1, max: 20_000_000 }),
        fc.integer({ min: 1, max: 20_000_000 }),
        (country, currency, a, b) => {
          const pa = { country, currency, amount: a };
          const pb = { country, currency, amount: b };
          if (amountBand(pa) === amountBand(pb)) expect(rankMethods(pa)).toEqual(rankMethods(pb));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("tells apart the amounts on either side of a limit", () => {
    // iDEAL takes at most 5,000,000 euro cents: the amount just over it ranks without iDEAL.
    const at = { country: "NL", currency: "EUR", amount: 5_000_000 };
    const over = { ...at, amount: 5_000_001 };
    expect(amountBand(at)).not.toBe(amountBand(over));
    expect(rankMethods(at).map((m) => m.method)).toContain("ideal");
    expect(rankMethods(over).map((m) => m.method)).not.toContain("ideal");
    expect(amountBand({ country: "NL", currency: "EUR" })).toBe("any");
  });
});
