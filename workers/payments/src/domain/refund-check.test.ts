import { describe, expect, it } from "vitest";
import { refundMismatch, type RefundFacts, type RefundShown } from "./refund-check";

const refund: RefundFacts = { refundId: "re_ours", paymentRef: "pi_ours", amount: 500, currency: "EUR", key: "re_ours" };
const shown: RefundShown = { ref: "re_1", paymentRef: "pi_ours", amount: 500, currency: "EUR", status: "succeeded", key: "re_ours" };

describe("a refund an operator names for a refund in review, as its provider shows it", () => {
  it("is the refund's when made on its payment, under its key (or none: made by hand), of its amount and currency, and paid out", () => {
    expect(refundMismatch(shown, refund)).toBeNull();
    expect(refundMismatch({ ...shown, key: null }, refund)).toBeNull();
    expect(refundMismatch({ ...shown, key: "anything" }, { ...refund, key: null })).toBeNull();
  });

  it("is not, otherwise: each reason names the refund's own facts only, never the one shown", () => {
    const cases: [string, Partial<RefundShown>, RegExp][] = [
      ["another payment's", { paymentRef: "pi_theirs" }, /not made on this refund's payment pi_ours$/],
      ["on no payment", { paymentRef: null }, /not made on this refund's payment/],
      ["another refund's key", { key: "re_theirs" }, /made for another refund than re_ours$/],
      ["another amount", { amount: 499 }, /amount or currency is not the refund's 500 EUR/],
      ["no whole amount", { amount: null }, /amount or currency/],
      ["another currency", { currency: "USD" }, /amount or currency is not the refund's 500 EUR/],
      ["pending", { status: "pending" }, /not paid out there yet \(pending\): .*leave the refund in review/],
      ["awaiting the buyer", { status: "requires_action" }, /not paid out there yet \(requires_action\)/],
      ["failed", { status: "failed" }, /not paid out there \(failed\): .*mark the refund not done$/],
      ["canceled", { status: "canceled" }, /not paid out there \(canceled\)/],
    ];
    for (const [why, change, reason] of cases) {
      const said = refundMismatch({ ...shown, ...change }, refund);
      expect(said, why).toMatch(reason);
      expect(said, why).not.toMatch(/pi_theirs|re_theirs|499|USD|re_1\b/);
    }
  });
});
