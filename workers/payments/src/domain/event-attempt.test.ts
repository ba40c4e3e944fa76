import { describe, expect, it } from "vitest";
import { eventAttempt, IN_FLIGHT_MS } from "./event-attempt";

const now = Date.parse("2026-11-26T12:00:00Z");

describe("eventAttempt: what an attempt is to an event found by it", () => {
  it("an attempt whose outcome was never learnt awaits the event", () => {
    expect(eventAttempt({ status: "unknown", createdAtMs: now - 1000 }, now)).toBe("awaiting");
  });

  it("a pending attempt is in flight while its confirm may still record the answer, then awaits the event (its confirm died)", () => {
    expect(eventAttempt({ status: "pending", createdAtMs: now }, now)).toBe("in_flight");
    expect(eventAttempt({ status: "pending", createdAtMs: now - IN_FLIGHT_MS + 1 }, now)).toBe("in_flight");
    expect(eventAttempt({ status: "pending", createdAtMs: now - IN_FLIGHT_MS }, now)).toBe("awaiting");
  });

  it("an attempt whose outcome is recorded is settled, however recent", () => {
    for (const status of ["authorized", "captured", "requires_action", "declined", "error"] as const) {
      expect(eventAttempt({ status, createdAtMs: now, providerRef: "psp_1" }, now), status).toBe("settled");
    }
  });

  it("a buyer action answered without the provider's reference awaits the event that brings it", () => {
    expect(eventAttempt({ status: "requires_action", createdAtMs: now, providerRef: null }, now)).toBe("awaiting");
  });
});
