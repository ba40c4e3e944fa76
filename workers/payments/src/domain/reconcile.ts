import type { ChargeResult } from "../connectors/types";
import type { AttemptStatus } from "./charge-outcome";
import type { IntentStatus } from "./intent-status";

/**
 * How long a provider is trusted to remember an idempotency key: Stripe keeps keys 24 h, Adyen at least
 * 7 days; the shorter less an hour. Past it, sending an attempt's key again could charge afresh, so a stuck
 * attempt that old is never sent again (it is read where the provider has a read, else left for review).
 */
export const KEY_RETENTION_MS = 23 * 60 * 60 * 1000;

/** The last attempt of a stuck intent, as reconciliation needs it. */
export interface StuckAttempt {
  status: AttemptStatus;
  createdAtMs: number;
}

/** What to do with an intent stuck in `processing`. */
export type StuckStep =
  | { kind: "fail"; why: string }
  | { kind: "ask" | "read" | "review" };

/**
 * The rule, per the last attempt (attempts are recorded before their call):
 * - none: the confirm stopped before any provider was called, so nothing was charged: fail.
 * - declined or error: the chain was cut between attempts; every attempt so far ended without a charge
 *   (a charge stops the chain), and a fallback decided minutes later is not the buyer's checkout: fail.
 * - pending, unknown, or an outcome the confirm learnt but never applied: by `pendingStep`, the rule a refund,
 *   capture or cancel left pending follows. While the provider keeps the attempt's key, ask that provider again
 *   with it, which replays what it did (or, if it never got the call, performs this one attempt: still one charge
 *   at most, at the provider the attempt named). Past that, sent again it could charge afresh: only read what the
 *   provider holds for it where it has a read (`readable`), else `review`: nothing we can send learns it.
 */
export function nextStep(last: StuckAttempt | null, nowMs: number, readable: boolean, retentionMs = KEY_RETENTION_MS): StuckStep {
  if (!last) return { kind: "fail", why: "confirmation stopped before any provider was called; nothing was charged" };
  if (last.status === "declined" || last.status === "error") {
    return { kind: "fail", why: "confirmation stopped after a declined or unavailable attempt; nothing was charged" };
  }
  return { kind: pendingStep(last.createdAtMs, nowMs, readable, retentionMs) };
}

/**
 * How the outcome of a refund, capture or cancel left pending, or of a stuck charge attempt (`nextStep`), sent
 * at `sentAtMs`, is learnt, by reconciliation or by a client's retry of it: while the provider still keeps its
 * key, by sending it again with that key (which replays what the provider did with it) and then a read where that
 * says nothing new; past that, sending it again could charge, refund, capture or cancel afresh, so only a read,
 * which is safe at any age, where the provider has one (`readable`). Past it with no read (Adyen) nothing we can
 * send learns it: `review`, left to the provider's event or an operator.
 */
export function pendingStep(sentAtMs: number, nowMs: number, readable: boolean, retentionMs = KEY_RETENTION_MS): "ask" | "read" | "review" {
  if (nowMs - sentAtMs < retentionMs) return "ask";
  return readable ? "read" : "review";
}

/**
 * Why an item past the key window at a provider with no read is left to review (`pendingStep`: review), as an
 * operator reads it on its intent and a client retrying it in its 409: `what` was sent at `sentAt`.
 */
export const reviewNote = (what: string, sentAt: string, provider: string) =>
  `${what} sent at ${sentAt} is past ${provider}'s idempotency-key window, and ${provider} has no read of it: ` +
  `never sent again (it could act twice); it settles by ${provider}'s notification, else needs review at ${provider}`;

/** A pending capture or cancel as the notes name it: its action, and its amount when it has one. */
export const pendingModificationName = (action: string, amount: number | null) => `${action}${amount !== null ? ` of ${amount}` : ""}`;

/** Where the provider's answer about a stuck attempt moves the intent; null when it still does not say (ask next run). */
export function settledBy(
  r: ChargeResult,
  intent: { amount: number; captureMethod: "automatic" | "manual" },
): { status: IntentStatus; providerRef?: string; amountCaptured?: number; lastError: string | null } | null {
  switch (r.kind) {
    case "authorized":
      return r.captured
        ? { status: "succeeded", providerRef: r.ref, amountCaptured: intent.amount, lastError: null }
        : { status: "requires_capture", providerRef: r.ref, lastError: null };
    case "requires_action":
      return { status: "requires_action", providerRef: r.ref, lastError: null };
    case "declined":
      return { status: "failed", lastError: `declined: ${r.code} (found by reconciliation)` };
    case "not_sent":
      return { status: "failed", lastError: `not sent: ${r.code} (found by reconciliation); nothing was charged` };
    case "outage":
    case "unknown":
      return null;
  }
}
