import type { ChargeResult } from "../connectors/types";
import type { AttemptStatus } from "./charge-outcome";
import type { IntentStatus } from "./intent-status";
import type { NextAction } from "./next-action";

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
 * How long past the key window a provider's read of a pending refund, capture or cancel, or of a stuck charge
 * attempt, may stay unclear before reconciliation stops reading it (`readGivenUp`): 7 days. Stripe's refund list
 * and PaymentIntent are read as they stand, and its search lags about a minute, so a read still unclear after
 * a week of runs (each reading it in turn) is no lag: the object was never made, the refund is beyond the pages
 * read (`refund_list_too_long`), or Stripe keeps it unfinished (a refund `requires_action`). Another week of reads
 * would spend every run's calls on it and learn nothing; a week rides out an outage of Stripe's, or of the runs.
 */
export const READ_REVIEW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Whether an item sent at `sentAtMs`, read (past its key window: `pendingStep` read) and still unclear, is moved
 * to review rather than read again: once it is `boundMs` past the key window. Its age is all it takes (its row
 * has it: a refund's `created_at`, a claim's `pending_since`, an attempt's `created_at`), and it is asked only
 * after a read just came back unclear, so an item is never moved to review unread, and one whose read comes clear
 * on that last look still settles.
 */
export function readGivenUp(sentAtMs: number, nowMs: number, retentionMs = KEY_RETENTION_MS, boundMs = READ_REVIEW_MS): boolean {
  return nowMs - sentAtMs >= retentionMs + boundMs;
}

/**
 * Whether an unclear read was the provider's answer (not found, unfinished, beyond the pages read) rather than
 * none at all (a timeout, a network error, a 5xx, 429 or 408): only an answer may give a read up
 * (`readGivenUp`), so an outage of the provider's at the bound never sends an item to review.
 */
export const readAnswered = (code: string) => !/^(timeout|network_error|http_(5\d\d|429|408)$)/.test(code);

/**
 * Why an item is left to review, as an operator reads it on its intent (and in the review list) and a client
 * retrying it in its 409: `what` was sent at `sentAt`. Past the key window either the provider has no read of it
 * (Adyen: `pendingStep` review), or it has one (`readable`: Stripe) whose answer stayed unclear `READ_REVIEW_MS`
 * past the window (`readGivenUp`).
 */
export const reviewNote = (what: string, sentAt: string, provider: string, readable = false) =>
  readable
    ? `${what} sent at ${sentAt} is past ${provider}'s idempotency-key window, and ${provider}'s read of it has shown no outcome ` +
      `for ${READ_REVIEW_MS / (24 * 60 * 60 * 1000)} days past that window (not found, or not finished there): never sent again (it could act twice), ` +
      `nor read again by reconciliation; it settles by ${provider}'s event, else needs review at ${provider}`
    : `${what} sent at ${sentAt} is past ${provider}'s idempotency-key window, and ${provider} has no read of it: ` +
      `never sent again (it could act twice); it settles by ${provider}'s notification, else needs review at ${provider}`;

/** A pending capture or cancel as the notes name it: its action, and its amount when it has one. */
export const pendingModificationName = (action: string, amount: number | null) => `${action}${amount !== null ? ` of ${amount}` : ""}`;

/** A refund as the notes name it (reconciliation's and the review list's alike, so the list's note is the intent's). */
export const refundName = (id: string, amount: number) => `refund ${id} of ${amount}`;

/** A charge attempt as the notes name it. */
export const chargeAttemptName = (attemptNo: number | null) => `charge attempt ${attemptNo}`;

/** Where the provider's answer about a stuck attempt moves the intent; null when it still does not say (ask next run). */
export function settledBy(
  r: ChargeResult,
  intent: { amount: number; captureMethod: "automatic" | "manual" },
): { status: IntentStatus; providerRef?: string; amountCaptured?: number; lastError: string | null; nextAction?: NextAction } | null {
  switch (r.kind) {
    case "authorized":
      return r.captured
        ? { status: "succeeded", providerRef: r.ref, amountCaptured: intent.amount, lastError: null }
        : { status: "requires_capture", providerRef: r.ref, lastError: null };
    case "requires_action":
      return { status: "requires_action", providerRef: r.ref ?? undefined, lastError: null, ...(r.next && "action" in r.next ? { nextAction: r.next.action } : {}) };
    case "declined":
      return { status: "failed", lastError: `declined: ${r.code} (found by reconciliation)` };
    case "not_sent":
      return { status: "failed", lastError: `not sent: ${r.code} (found by reconciliation); nothing was charged` };
    case "outage":
    case "unknown":
      return null;
  }
}
