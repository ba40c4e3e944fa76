import { describe, expect, it } from "vitest";
import { paymentMismatch, type ChargeFacts, type PaymentShown } from "./payment-check";

const charge: ChargeFacts = { intentId: "pi_ours", amount: 2500, currency: "EUR" };
const shown: PaymentShown = { ref: "pi_1", result: { kind: "authorized", ref: "pi_1", captured: true, code: "succeeded" }, amount: 2500, captured: 2500, currency: "EUR", intentId: "pi_ours" };

describe("a payment an operator names for a charge in review, as its provider shows it", () => {
  it("is the charge's when made for it (or for nothing the provider names), authorised, of its amount and currency", () => {
    expect(paymentMismatch(shown, charge)).toBeNull();
    expect(paymentMismatch({ ...shown, intentId: null }, charge)).toBeNull();
    expect(paymentMismatch({ ...shown, result: { kind: "authorized", ref: "pi_1", captured: false, code: "requires_capture" }, captured: 0 }, charge)).toBeNull();
  });

  it("is not, otherwise: each reason names the charge's own facts only, never the payment's", () => {
    const cases: [string, Partial<PaymentShown>, RegExp][] = [
      ["another intent's", { intentId: "pi_theirs", amount: 999 }, /made for another payment intent than pi_ours$/],
      ["declined", { result: { kind: "declined", ref: "pi_1", code: "canceled", soft: false } }, /not authorised there \(canceled\)$/],
      ["still processing", { result: { kind: "unknown", code: "processing" } }, /not authorised there \(processing\): while it is pending there, leave the charge in review/],
      ["awaiting the buyer", { result: { kind: "requires_action", ref: "pi_1", code: "requires_action" } }, /leave the charge in review/],
      ["another amount", { amount: 2499 }, /amount or currency is not the charge's 2500 EUR/],
      ["no whole amount", { amount: null }, /amount or currency/],
      ["another currency", { currency: "USD" }, /amount or currency is not the charge's 2500 EUR/],
      ["captured no whole amount", { captured: null }, /captured/],
    ];
    for (const [why, change, reason] of cases) {
      const said = paymentMismatch({ ...shown, ...change }, charge);
      expect(said, why).toMatch(reason);
      expect(said, why).not.toMatch(/pi_theirs|2499|USD|pi_1/);
    }
  });
});
