import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { errorsCell, errorsOf } from "../bench/report.mjs";

describe("the bench's errors column", () => {
  it("counts failures wherever a scenario reports them", () => {
    expect(errorsOf({ non2xx: 3, errors: 1 })).toBe(4);
    // The old catalog runner put its counts under `extra`, and run.mjs read only the top level: always 0.
    expect(errorsOf({ extra: { non2xx: 500, errors: 0 } })).toBe(500);
    expect(errorsCell({ extra: { non2xx: 500, errors: 0 } })).toBe("500 FAILED");
    expect(errorsCell({ non2xx: 0, errors: 0 })).toBe("0");
  });

  it("never shows 0 for a scenario that reports no count or crashed", () => {
    expect(errorsCell({ extra: { viewers: 10 } })).toBe("?");
    expect(errorsCell({ failed: "socket hang up" })).toBe("1 FAILED (socket hang up)");
  });
});
