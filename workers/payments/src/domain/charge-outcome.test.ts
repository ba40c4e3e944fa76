import { describe, expect, it } from "vitest";
import { ATTEMPT_STATUS, outcomeOf } from "./charge-outcome";

describe("a charge never sent", () => {
  it("is stored as a decline (nothing was charged) and read as a soft one (the chain falls back)", () => {
    const notSent = { kind: "not_sent", code: "amount_not_representable" } as const;
    expect([ATTEMPT_STATUS[notSent.kind], outcomeOf(notSent)]).toEqual(["declined", "soft"]);
  });
});
