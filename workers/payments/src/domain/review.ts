import type { RefKind } from "./provider-refs";
import { chargeAttemptName, pendingModificationName, refundName, reviewNote } from "./reconcile";

/**
 * What an item in review is: a capture or cancel left pending on an intent, a refund left pending, or the charge
 * of an intent stuck in `processing`. Each was moved out of reconciliation's queues for an operator: past the
 * provider's key window, at a provider with no read (`pendingStep`: review), or at one with a read that stayed
 * unclear `READ_REVIEW_MS` past it (`readGivenUp`).
 */
export type ReviewKind = "capture" | "cancel" | "refund" | "charge";

/** One item in review as the operator's list shows it (amounts in integer minor units of `currency`). */
export interface ReviewFacts {
  kind: ReviewKind;
  intentId: string;
  refundId: string | null;
  amount: number;
  currency: string;
  provider: string;
  /** The provider's reference of the payment it acts on; null for a charge whose outcome was never learnt. */
  paymentRef: string | null;
  /** What the request was sent to the provider under: the reference and idempotency key to search by there. */
  key: string;
  sentAt: string;
  /** For a charge: its attempt's number. */
  attemptNo: number | null;
}

/**
 * Why it is in review, in the very words reconciliation noted on the intent (its `lastError` until something
 * else overwrote it): kept here so the list says it however long ago that was. `readable`: its provider has a
 * read of this kind of item (Stripe), so it went to review because that read stayed unclear, not for want of one.
 */
export function reviewWhy(f: ReviewFacts, readable = false): string {
  const what =
    f.kind === "refund" ? refundName(f.refundId!, f.amount)
    : f.kind === "charge" ? chargeAttemptName(f.attemptNo)
    : pendingModificationName(f.kind, f.kind === "capture" ? f.amount : null);
  return reviewNote(what, f.sentAt, f.provider, readable);
}

/**
 * What the operator should look up at the provider, by the references the request went with, and what each
 * finding means: the item settles by the provider's notification, or by the operator's word on what it found.
 */
export function reviewCheck(f: ReviewFacts): string {
  const money = `${f.amount} ${f.currency} (minor units)`;
  const on = f.paymentRef ? `on ${f.provider} payment ${f.paymentRef}` : `at ${f.provider}`;
  switch (f.kind) {
    case "capture":
      return `Look for a capture of ${money} ${on} with reference ${f.key}: captured → mark it done (the intent succeeds with that amount); refused or absent → mark it not done (the authorization stands and a new capture may be made).`;
    case "cancel":
      return `Look for a cancellation ${on} with reference ${f.key}: cancelled → mark it done (the intent is canceled); refused or absent → mark it not done (the authorization stands).`;
    case "refund":
      return `Look for a refund of ${money} ${on} with reference ${f.key}: refunded → mark it done with ${f.provider}'s reference of the refund; refused or absent → mark it not done (its held amount is given back to the intent).`;
    case "charge":
      return `Look for a payment of ${money} at ${f.provider} with merchant reference ${f.intentId} (idempotency key ${f.key}): authorised → mark it done with ${f.provider}'s reference of the payment (the intent succeeds, or awaits capture when captured by hand); refused, cancelled, expired or absent → mark it not done (the intent fails; should ${f.provider} charge it after all, its notification revives the intent and refunds or cancels that payment automatically). Still pending there (awaiting the buyer) → leave it: its notification settles it.`;
  }
}

/** What the operator found at the provider: the request was carried out, or not (refused, or never there). */
export type ReviewOutcome = "done" | "not_done";

/**
 * What an operator's `providerRef` is the reference of, for an item marked done: a refund's (it succeeds with it)
 * or a charge's payment (the intent's reference, which captures, cancels and refunds then act on). Null where done
 * takes none: a capture or cancel acts on the payment the intent already names.
 */
export const refNeeded = (kind: ReviewKind): RefKind | null => (kind === "refund" ? "refund" : kind === "charge" ? "payment" : null);

/** An operator's word on one item in review, as kept once it settled the item. */
export interface ReviewDecision {
  kind: ReviewKind;
  /** The id it was resolved by: the refund's, or the intent's. */
  subjectId: string;
  outcome: ReviewOutcome;
  /** The provider's reference it was marked done with (a refund's, a charge's); null when none is taken. */
  providerRef: string | null;
  resolvedAt: string;
}

/**
 * Whether a request to resolve asks again what `d` decided (a retry of it, answered as it was): the same outcome and,
 * where done took a reference, the same one.
 */
export const sameDecision = (d: ReviewDecision, outcome: ReviewOutcome, providerRef: string | undefined) =>
  d.outcome === outcome && (d.providerRef === null || d.providerRef === providerRef);

/** What was decided, in a 409's words. */
export function decidedText(d: ReviewDecision): string {
  const what = d.kind === "refund" ? `Refund ${d.subjectId}` : `The ${d.kind} in review on ${d.subjectId}`;
  const how = d.outcome === "done" ? `done${d.providerRef ? ` (${d.providerRef})` : ""}` : "not done";
  return `${what} was marked ${how} at review at ${d.resolvedAt}, and settled so; it cannot be resolved otherwise now. Read it to see where it stands.`;
}

/** A capture's or cancel's claim key: its provider key too, unique by its mod id alone (`newId("mod")`), and short (Adyen takes at most 64 characters). */
export const claimKey = (action: "capture" | "cancel", modId: string) => `${action}:${modId}`;
