import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM seed data without types
import { MARKETS as CATALOG_MARKETS } from "../../../../scripts/seed/catalog-data.mjs";
import { MARKETS, METHODS } from "./methods-data";
import { rankMethods, unfit } from "./ranking";

const ranked = (country: string, amount?: number) => rankMethods({ country, currency: "EUR", amount }).map((m) => m.method);

describe("Austria and Belgium", () => {
  it("are catalog markets in EUR, each with local methods and a source for every share", () => {
    const catalog = new Map((CATALOG_MARKETS as [string, string, string][]).map(([country, , currency]) => [country, currency]));
    for (const country of ["AT", "BE"]) {
      expect(catalog.get(country), country).toBe("EUR");
      expect(MARKETS[country]?.length, country).toBeGreaterThan(4);
      for (const e of MARKETS[country]!) expect(e.source).toMatch(/\d{4}/);
    }
  });

  it("rank cards, PayPal and eps-Überweisung first in AT (cards lead there) and Bancontact first in BE", () => {
    const at = ranked("AT", 5000);
    expect(at.slice(0, 3)).toEqual(["card_visa", "paypal", "card_mastercard"]);
    expect(at.indexOf("eps")).toBe(3);
    expect(at).toEqual(expect.arrayContaining(["klarna", "apple_pay", "google_pay", "card_amex"]));
    expect(rankMethods({ country: "AT", currency: "EUR", amount: 5000 })[3]).toMatchObject({ method: "eps", displayName: "eps-Überweisung", kind: "bank", minAmount: 100 });
    const be = ranked("BE", 5000);
    expect(be[0]).toBe("bancontact");
    expect(be).toEqual(expect.arrayContaining(["card_visa", "card_mastercard", "paypal", "apple_pay"]));
  });

  it("offers eps in Austria alone, in EUR, from 1 euro, at both providers", () => {
    expect(METHODS.eps).toMatchObject({ kind: "bank", currencies: ["EUR"], limits: { EUR: { min: 100 } } });
    expect([...METHODS.eps.providers].sort()).toEqual(["adyen", "stripe"]);
    for (const country of Object.keys(MARKETS).filter((c) => c !== "AT")) expect(unfit("eps", { country, currency: "EUR" })?.code, country).toBe("method_not_offered");
    expect(ranked("NL")).not.toContain("eps");
    expect(ranked("DE")).not.toContain("eps");
    expect(unfit("eps", { country: "AT", currency: "USD" })?.code).toBe("currency_not_accepted");
    expect(unfit("eps", { country: "AT", currency: "EUR", amount: 99 })?.code).toBe("amount_out_of_range");
    expect(ranked("AT", 99)).not.toContain("eps");
    expect(ranked("AT", 100)).toContain("eps");
  });

  it("offer cards but not their EUR-only bank method for a purchase in another currency", () => {
    const be = rankMethods({ country: "BE", currency: "USD" }).map((m) => m.method);
    expect(be).toContain("card_visa");
    expect(be).not.toContain("bancontact");
    const at = rankMethods({ country: "AT", currency: "USD" }).map((m) => m.method);
    expect(at).toContain("card_visa");
    expect(at).not.toContain("eps");
  });
});
