import { describe, expect, it } from "vitest";
import { KEY_RETENTION_MS, READ_REVIEW_MS, nextStep, pendingStep, readAnswered, readGivenUp, settledBy } from "./reconcile";

const now = Date.parse("2026-11-26T12:00:00Z");

describe("nextStep: what reconciliation does with a stuck intent", () => {
  it("fails an intent no provider was called for, or whose chain stopped after a decline or an outage", () => {
    for (const readable of [true, false]) {
      expect(nextStep(null, now, readable).kind).toBe("fail");
      expect(nextStep({ status: "declined", createdAtMs: now - 60_000 }, now, readable).kind).toBe("fail");
      expect(nextStep({ status: "error", createdAtMs: now - 60_000 }, now, readable).kind).toBe("fail");
      expect(nextStep({ status: "declined", createdAtMs: now - 30 * KEY_RETENTION_MS }, now, readable).kind).toBe("fail");
    }
  });

  it("asks the provider about a pending, unknown or unapplied attempt while the provider keeps its key", () => {
    for (const status of ["pending", "unknown", "authorized", "requires_action"] as const) {
      for (const readable of [true, false]) expect(nextStep({ status, createdAtMs: now - 60_000 }, now, readable).kind, status).toBe("ask");
    }
  });

  it("never re-sends a key the provider may have forgotten (it could charge afresh): reads it where it can, else review", () => {
    expect(nextStep({ status: "pending", createdAtMs: now - KEY_RETENTION_MS + 1 }, now, false).kind).toBe("ask");
    expect(nextStep({ status: "unknown", createdAtMs: now - KEY_RETENTION_MS }, now, true).kind).toBe("read");
    expect(nextStep({ status: "unknown", createdAtMs: now - KEY_RETENTION_MS }, now, false).kind).toBe("review");
    expect(nextStep({ status: "pending", createdAtMs: now - 30 * KEY_RETENTION_MS }, now, false).kind).toBe("review");
  });
});

describe("settledBy: the provider's answer as the intent's next status", () => {
  const intent = { amount: 2500, captureMethod: "automatic" as const };
  it("moves forward on an answer and waits on none", () => {
    expect(settledBy({ kind: "authorized", ref: "pi_1", captured: true, code: "succeeded" }, intent)).toMatchObject({ status: "succeeded", amountCaptured: 2500 });
    expect(settledBy({ kind: "authorized", ref: "pi_1", captured: false, code: "requires_capture" }, intent)).toMatchObject({ status: "requires_capture" });
    expect(settledBy({ kind: "requires_action", ref: "pi_1", code: "requires_action" }, intent)?.status).toBe("requires_action");
    expect(settledBy({ kind: "declined", ref: null, code: "insufficient_funds", soft: false }, intent)?.status).toBe("failed");
    expect(settledBy({ kind: "not_sent", code: "amount_not_representable" }, intent)?.status).toBe("failed");
    expect(settledBy({ kind: "outage", code: "http_500" }, intent)).toBeNull();
    expect(settledBy({ kind: "unknown", code: "timeout" }, intent)).toBeNull();
  });
});

describe("pendingStep: how a pending refund's, capture's or cancel's outcome is learnt", () => {
  it("sends it again with its key while the provider keeps the key, and past that only reads it", () => {
    for (const readable of [true, false]) {
      expect(pendingStep(now - 60_000, now, readable)).toBe("ask");
      expect(pendingStep(now - KEY_RETENTION_MS + 1, now, readable)).toBe("ask");
    }
    expect(pendingStep(now - KEY_RETENTION_MS, now, true)).toBe("read");
    expect(pendingStep(now - 30 * KEY_RETENTION_MS, now, true)).toBe("read");
  });

  it("past the key window at a provider with no read, never sends it again: review", () => {
    expect(pendingStep(now - KEY_RETENTION_MS, now, false)).toBe("review");
    expect(pendingStep(now - 30 * KEY_RETENTION_MS, now, false)).toBe("review");
  });
});

describe("readGivenUp: when a read still unclear past the key window sends the item to review", () => {
  it("only once it is READ_REVIEW_MS past the key window", () => {
    expect(readGivenUp(now - KEY_RETENTION_MS, now)).toBe(false);
    expect(readGivenUp(now - KEY_RETENTION_MS - READ_REVIEW_MS + 1, now)).toBe(false);
    expect(readGivenUp(now - KEY_RETENTION_MS - READ_REVIEW_MS, now)).toBe(true);
    expect(readGivenUp(now - 30 * KEY_RETENTION_MS, now)).toBe(true);
  });
});

describe("readAnswered: which unclear reads may give a read up", () => {
  it("counts the provider's answers, not the lack of one", () => {
    for (const code of ["not_found_yet", "refund_list_too_long", "processing", "requires_action", "http_404"]) expect(readAnswered(code), code).toBe(true);
    for (const code of ["timeout", "network_error: reset", "http_500", "http_503", "http_429", "http_408"]) expect(readAnswered(code), code).toBe(false);
  });
});
