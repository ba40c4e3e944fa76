import { describe, expect, it } from "vitest";
import { ASSET_STATUSES } from "../schemas/assets";
import { INACTIVE_STATUSES, isInForce } from "./status";

describe("one definition of a right in force", () => {
  it("puts every asset status on exactly one side, and reads register text loosely", () => {
    const live = ASSET_STATUSES.filter(isInForce);
    expect(live).toEqual(["filed", "published", "opposed", "registered", "granted"]);
    for (const s of INACTIVE_STATUSES) expect(isInForce(s)).toBe(false);
    expect(isInForce(" Lapsed ")).toBe(false);
    expect(isInForce("REGISTERED")).toBe(true);
  });
});
