import { describe, expect, it } from "vitest";
import { fromStripeAmount, toStripeAmount } from "./stripe-units";

describe("amounts in Stripe's units", () => {
  it("sends ISK as Stripe's two-decimal value and MGA as its zero-decimal one (known answers from Stripe's currency page)", () => {
    expect(toStripeAmount(500, "ISK")).toBe(50_000); // ISK 500: ISO 0 digits, Stripe 2
    expect(toStripeAmount(150_000, "MGA")).toBe(1_500); // MGA 1,500.00: ISO 2, Stripe 0
    expect(fromStripeAmount(50_000, "ISK")).toBe(500);
    expect(fromStripeAmount(1_500, "MGA")).toBe(150_000);
  });

  it("leaves the rest as it is: USD, JPY's 0 digits, KWD's 3 when they end in 0", () => {
    for (const [amount, currency] of [[2500, "USD"], [1000, "JPY"], [5_120, "KWD"], [99_999_999, "EUR"]] as const) {
      expect(toStripeAmount(amount, currency)).toBe(amount);
      expect(fromStripeAmount(amount, currency)).toBe(amount);
    }
  });

  it("refuses what Stripe would (a three-decimal amount not ending in 0, a fraction of an ariary, nine digits) rather than round it", () => {
    expect(toStripeAmount(5_124, "KWD")).toBeNull();
    expect(toStripeAmount(1_001, "BHD")).toBeNull();
    expect(toStripeAmount(150_050, "MGA")).toBeNull();
    expect(toStripeAmount(100_000_000, "USD")).toBeNull();
    expect(toStripeAmount(1_000_000, "ISK")).toBeNull(); // 100,000,000 at Stripe: nine digits
    expect(toStripeAmount(150_000_000, "IDR")).toBe(150_000_000); // Rp 1,500,000.00: Stripe's answer decides
    expect(fromStripeAmount(50_050, "ISK")).toBeNull();
  });
});
