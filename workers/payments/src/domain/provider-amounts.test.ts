import { describe, expect, it } from "vitest";
import { someCanTake } from "./provider-amounts";

describe("someCanTake", () => {
  it("asks each provider's own units: Stripe's KWD must end in 0, Adyen has no fraction of a rupiah", () => {
    expect(someCanTake(["stripe"], 1005, "KWD")).toBe(false);
    expect(someCanTake(["adyen"], 1005, "KWD")).toBe(true);
    expect(someCanTake(["stripe", "adyen"], 1005, "KWD")).toBe(true);
    expect(someCanTake(["adyen"], 1_000_050, "IDR")).toBe(false);
    expect(someCanTake(["adyen"], 1_000_000, "IDR")).toBe(true);
    expect(someCanTake(["stripe"], 100_000_000, "USD")).toBe(false);
  });
});
