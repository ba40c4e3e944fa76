import { describe, expect, it } from "vitest";
import { PROVIDER_REF_PATTERN, refFits } from "./provider-refs";

// Known shapes: the ids in Stripe's API reference and the pspReferences in Adyen's, and the simulator's.
const STRIPE_PI = "pi_3MtwBwLkdIwHu7ix28a3tqPa";
const STRIPE_RE = "re_3MtwBwLkdIwHu7ix0vZ9vyJ4";
const ADYEN_PSP = "QFQTPCQ8HXSKGK82";

describe("provider references an operator may give", () => {
  it("each provider's own, of the kind the item needs", () => {
    expect(refFits("stripe", "payment", STRIPE_PI)).toBe(true);
    expect(refFits("stripe", "refund", STRIPE_RE)).toBe(true);
    expect(refFits("stripe", "refund", "pyr_1OB7fzLkdIwHu7ixZ0b6bX3S")).toBe(true);
    expect(refFits("adyen", "payment", ADYEN_PSP)).toBe(true);
    expect(refFits("adyen", "refund", "8815131751004933")).toBe(true);
  });

  it("not another provider's, nor another kind's", () => {
    expect(refFits("stripe", "payment", STRIPE_RE)).toBe(false);
    expect(refFits("stripe", "refund", STRIPE_PI)).toBe(false);
    expect(refFits("stripe", "payment", ADYEN_PSP)).toBe(false);
    expect(refFits("adyen", "refund", STRIPE_RE)).toBe(false);
  });

  it("the route's pattern takes any of them and nothing else: no separators, spaces, lower-case Adyen, wrong lengths", () => {
    for (const ref of [STRIPE_PI, STRIPE_RE, ADYEN_PSP]) expect(PROVIDER_REF_PATTERN.test(ref), ref).toBe(true);
    for (const ref of ["", "PSP-REFUND-1", "re_found", "qfqtpcq8hxskgk82", "QFQTPCQ8HXSKGK8", "QFQTPCQ8HXSKGK821", `pi_${"a".repeat(101)}`, "pi_3MtwBwLkdIwHu7ix 28a", "ch_3MtwBwLkdIwHu7ix28a3tqPa", `${ADYEN_PSP}\n`]) {
      expect(PROVIDER_REF_PATTERN.test(ref), JSON.stringify(ref)).toBe(false);
    }
  });
});
