import { describe, expect, it } from "vitest";
import { COMPLAINT_STATUSES } from "../schemas/complaints";
import { complaintHoldSource, complaintOfHold, counterWindowOpen, courtActionRefusal } from "./complaints";

describe("the counter-notice window", () => {
  it("is open through dueAt (UTC) and closed from the next day", () => {
    expect(counterWindowOpen("2026-03-14", "2026-03-01")).toBe(true);
    expect(counterWindowOpen("2026-03-14", "2026-03-14")).toBe(true);
    expect(counterWindowOpen("2026-03-14", "2026-03-15")).toBe(false);
    expect(counterWindowOpen("2026-12-31", "2027-01-01")).toBe(false);
  });

  it("takes court action only on a countered complaint whose window is open", () => {
    const due = "2026-03-14";
    expect(courtActionRefusal({ status: "countered", dueAt: due }, "2026-03-14")).toBeNull();
    expect(courtActionRefusal({ status: "countered", dueAt: due }, "2026-03-15")?.code).toBe("counter_window_closed");
    for (const status of COMPLAINT_STATUSES.filter((s) => s !== "countered")) {
      expect(courtActionRefusal({ status, dueAt: due }, "2026-03-01")).toMatchObject({ code: "complaint_not_countered", detail: expect.stringContaining(status) });
    }
  });

  it("names a complaint's hold after the complaint, and reads the complaint back from it", () => {
    expect(complaintHoldSource("cmp_01JABCDEFGHJKMNPQRSTVWXYZ0")).toBe("complaint:cmp_01JABCDEFGHJKMNPQRSTVWXYZ0");
    expect(complaintOfHold(complaintHoldSource("cmp_01JABCDEFGHJKMNPQRSTVWXYZ0"))).toBe("cmp_01JABCDEFGHJKMNPQRSTVWXYZ0");
  });
});
