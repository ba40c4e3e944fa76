import { describe, expect, it } from "vitest";
import { fromAdyenValue, toAdyenValue } from "./adyen-units";

describe("amounts in Adyen's minor units", () => {
  it("converts where Adyen's decimals differ from ISO 4217 (known answers from Adyen's currency table)", () => {
    expect(toAdyenValue(10_000, "CLP")).toBe(1_000_000); // CLP 10,000: ISO 0 digits, Adyen 2
    expect(toAdyenValue(500, "ISK")).toBe(50_000); // ISK 500: ISO 0, Adyen 2
    expect(toAdyenValue(1_500_000, "IDR")).toBe(15_000); // IDR 15,000.00: ISO 2, Adyen 0
    expect(toAdyenValue(12_300, "CVE")).toBe(123); // CVE 123.00: ISO 2, Adyen 0
  });

  it("leaves every other currency as it is, JPY's 0 and KWD's 3 digits included", () => {
    for (const [amount, currency] of [[2500, "EUR"], [1000, "JPY"], [1234, "KWD"], [1234, "BHD"], [5000, "KRW"]] as const) {
      expect(toAdyenValue(amount, currency)).toBe(amount);
      expect(fromAdyenValue(amount, currency)).toBe(amount);
    }
  });

  it("refuses what Adyen cannot express (a fraction of a rupiah) rather than round it", () => {
    expect(toAdyenValue(1_500_050, "IDR")).toBeNull();
    expect(toAdyenValue(1, "CVE")).toBeNull();
    expect(fromAdyenValue(1_000_050, "CLP")).toBeNull();
  });

  it("reads a notification's value back to the amount it was sent for", () => {
    for (const [amount, currency] of [[10_000, "CLP"], [1_500_000, "IDR"], [7, "ISK"], [12_300, "CVE"]] as const) {
      expect(fromAdyenValue(toAdyenValue(amount, currency)!, currency)).toBe(amount);
    }
  });
});
