import { describe, expect, it } from "vitest";
import { decidedText, refNeeded, sameDecision, type ReviewDecision } from "./review";

const at = "2026-11-26T12:00:00.000Z";
const refundDone: ReviewDecision = { kind: "refund", subjectId: "re_1", outcome: "done", providerRef: "QFQTPCQ8HXSKGK82", resolvedAt: at };
const captureNotDone: ReviewDecision = { kind: "capture", subjectId: "pi_1", outcome: "not_done", providerRef: null, resolvedAt: at };

describe("an operator's word on an item in review, asked again", () => {
  it("is the same word when the outcome is, and where done took a reference, the reference too", () => {
    expect(sameDecision(refundDone, "done", "QFQTPCQ8HXSKGK82")).toBe(true);
    expect(sameDecision(refundDone, "done", "DZ4DPSHB4WD2WN82")).toBe(false);
    expect(sameDecision(refundDone, "done", undefined)).toBe(false);
    expect(sameDecision(refundDone, "not_done", undefined)).toBe(false);
    // None was kept: whatever reference comes with it, the word is the outcome.
    expect(sameDecision(captureNotDone, "not_done", "QFQTPCQ8HXSKGK82")).toBe(true);
    expect(sameDecision(captureNotDone, "done", undefined)).toBe(false);
  });

  it("a 409 names what was decided, when, and with which reference", () => {
    expect(decidedText(refundDone)).toMatch(/^Refund re_1 was marked done \(QFQTPCQ8HXSKGK82\) at review at 2026-11-26T12:00:00.000Z/);
    expect(decidedText(captureNotDone)).toMatch(/^The capture in review on pi_1 was marked not done at review at /);
  });

  it("done takes the provider's reference of a refund or of a charge's payment, and none for a capture or cancel", () => {
    expect([refNeeded("refund"), refNeeded("charge"), refNeeded("capture"), refNeeded("cancel")]).toEqual(["refund", "payment", null, null]);
  });
});
