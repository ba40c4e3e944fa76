import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIRST_WAIT_MS, MAX_WAIT_MS, nextLook, pendingAtProvider, pendingWait } from "./pending-wait";

const MIN = 60_000;
const now = Date.parse("2026-11-26T12:00:00Z");

describe("pendingWait: the wait after the n-th pending answer in a row", () => {
  it("is 2 minutes, then doubles, and is 6 hours from the 9th on", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => pendingWait(n) / MIN)).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 360, 360]);
    expect(pendingWait(1_000_000)).toBe(MAX_WAIT_MS);
  });

  it("never shrinks from one answer to the next, never exceeds the cap, and at most doubles", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
        const [a, b] = [pendingWait(n), pendingWait(n + 1)];
        expect(a).toBeGreaterThanOrEqual(FIRST_WAIT_MS);
        expect(b).toBeGreaterThanOrEqual(a);
        expect(b).toBeLessThanOrEqual(Math.min(2 * a, MAX_WAIT_MS));
      }),
    );
  });
});

describe("nextLook: where a look leaves an item", () => {
  it("a pending answer waits one step longer than the last; any other is due in its next turn, its count kept", () => {
    expect(nextLook(now, true, 0)).toEqual({ dueAtMs: now + 2 * MIN, waits: 1 });
    expect(nextLook(now, true, 3)).toEqual({ dueAtMs: now + 16 * MIN, waits: 4 });
    expect(nextLook(now, false, 3)).toEqual({ dueAtMs: null, waits: 3 });
    expect(nextLook(now, false, 0)).toEqual({ dueAtMs: null, waits: 0 });
  });
});

describe("pendingAtProvider: which answers say the provider holds the item unfinished", () => {
  it("a charge processing, Received or Pending; a modification only received; a refund pending", () => {
    expect(pendingAtProvider({ kind: "unknown", code: "processing", pending: true })).toBe(true);
    expect(pendingAtProvider({ ok: true, ref: "re_1", settled: false })).toBe(true);
  });

  it("not an answer that says nothing, a read that found nothing, nor an outcome", () => {
    expect(pendingAtProvider({ kind: "unknown", code: "timeout" })).toBe(false);
    expect(pendingAtProvider({ kind: "unknown", code: "not_found_yet" })).toBe(false);
    expect(pendingAtProvider({ kind: "outage", code: "http_503" })).toBe(false);
    expect(pendingAtProvider({ kind: "authorized", ref: "pi_1", captured: true, code: "succeeded" })).toBe(false);
    expect(pendingAtProvider({ ok: false, code: "timeout", message: "no answer", failure: "unknown" })).toBe(false);
    expect(pendingAtProvider({ ok: false, code: "http_503", message: "down", failure: "turned_away" })).toBe(false);
    expect(pendingAtProvider({ ok: true, ref: "re_1", settled: true })).toBe(false);
  });
});
