import { ProblemError } from "../../../../shared/http/problem";
import { returnedUnfinished } from "../domain/buyer-return";
import { eventAttempt } from "../domain/event-attempt";
import { canMove, type IntentStatus } from "../domain/intent-status";
import type { ProviderName } from "../domain/methods-data";
import { attemptByRef, completeAttempt, intentById, lastAttempt, moveIntent, noteOn, refundByKey, releaseModification, reviveRefund, settleRefund, type AttemptRow, type IntentRow } from "../store/intents";
import { wasClaimed, wasReversed } from "../store/modification-claims";
import { resolutionOf } from "../store/review";
import { firstDelivery, forgetDelivery } from "../store/webhook-events";
import { iso, type Deps } from "./deps";
import { reverseLateCharge } from "./late-charge";

/** A provider event in our terms: which provider charge it is about and the status it reports. */
export interface ProviderEvent {
  provider: ProviderName;
  eventId: string;
  ref: string;
  /** Our intent id as the provider echoes it (Stripe metadata, Adyen merchantReference). */
  reference?: string;
  to: IntentStatus | "authorized" | null;
  amount?: number;
  /** What the move says on the intent (`lastError`) where the event itself says why (Adyen's OFFER_CLOSED: `action_expired`; a refusal's code). */
  why?: string;
  /** How it was learnt, for the attempt's `code`: `webhook <eventId>` unless said (the buyer's return: `details …`). */
  via?: string;
}

export type EventOutcome = "applied" | "duplicate" | "ignored" | "unknown_payment";

/**
 * Applies one verified provider event. Replays (same event id) apply nothing.
 * The event moves the intent only forward and only when it is about the charge
 * the intent is waiting on: its current provider reference, or the last
 * attempt whose outcome was never learnt. A late event for a state already
 * passed, or about an attempt the chain moved beyond, changes nothing, but for
 * one exception: a charge marked not done at review that the provider charged
 * after all revives its failed intent, and is reversed (`reviveCharge`). One that
 * overtook confirm's answer (`eventAttempt`: in flight) is a 503, neither applied
 * nor kept as delivered, so the provider delivers it again once confirm has
 * recorded the charge; that costs two reads a delivery, for at most IN_FLIGHT_MS.
 */
export async function applyEvent(deps: Deps, e: ProviderEvent): Promise<EventOutcome> {
  const found = await attemptFor(deps, e);
  if (found?.state === "in_flight" && e.to !== null) {
    throw new ProblemError(503, "charge_in_flight", `The charge of payment intent ${found.attempt.intentId} is still being confirmed; this event was not applied, deliver it again.`, undefined, { "retry-after": "10" });
  }
  const now = iso(deps.now());
  return onceDelivered(deps, e, found?.attempt.intentId ?? null, now, () => applyDelivered(deps, e, found, now));
}

/**
 * Records the event as delivered, then applies it: "duplicate" for a delivery already recorded. When applying
 * fails (the answer is then a 5xx and the provider delivers again), the record goes too: kept, it would turn
 * that retry into a "duplicate" and lose the event.
 */
async function onceDelivered(deps: Deps, e: { provider: string; eventId: string }, intentId: string | null, now: string, apply: () => Promise<EventOutcome>): Promise<EventOutcome> {
  if (!(await firstDelivery(deps.db, e.provider, e.eventId, intentId, now))) return "duplicate";
  try {
    return await apply();
  } catch (err) {
    await forgetDelivery(deps.db, e.provider, e.eventId).catch(() => undefined);
    throw err;
  }
}

/** How often an event is read and applied again after the intent moved under it, before it is given back to the provider. */
const APPLY_TRIES = 3;

/**
 * Moves the intent as the event says, at the version it was read at (no update is lost). When that write
 * loses to another (confirm's last update of the same intent, say), the intent is read again and the event
 * decided afresh on it; after APPLY_TRIES such losses the event is not applied and the delivery fails
 * (a 503), so it is forgotten and the provider delivers it again.
 */
async function applyDelivered(deps: Deps, e: ProviderEvent, found: Found | null, now: string): Promise<EventOutcome> {
  if (!found || e.to === null) return found ? "ignored" : "unknown_payment";
  const { attempt, state } = found;
  for (let tries = 1; tries <= APPLY_TRIES; tries++) {
    const intent = await intentById(deps.db, attempt.intentId);
    if (!intent) return "unknown_payment";
    const awaited = intent.providerRef === e.ref || (state === "awaiting" && (intent.status === "processing" || (intent.status === "requires_action" && intent.providerRef === null)));
    const to: IntentStatus = e.to === "authorized" ? (intent.captureMethod === "manual" ? "requires_capture" : "succeeded") : e.to;
    const captured = to === "succeeded" ? (e.amount ?? intent.amount) : undefined;
    if (intent.status === "failed" && state === "awaiting" && (to === "succeeded" || to === "requires_capture")) {
      const revived = await reviveCharge(deps, e, intent, attempt, to, captured, now);
      if (revived) return revived;
      continue;
    }
    // Our cancel, claimed before an authorisation moved the intent on (and cleared the claim), done at the provider
    // after all: the payment is void there, so the intent says so instead of "succeeded".
    if (to === "canceled" && intent.status === "succeeded" && awaited && e.reference && (await wasClaimed(deps.db, intent.tenantId, intent.id, e.reference))) {
      const voided = intent.amountRefunded === 0;
      const why = `${e.provider} cancelled ${e.ref} (the cancel requested before its authorisation was reported), so nothing was captured`;
      const set = voided ? { status: "canceled" as const, amountCaptured: 0, lastError: why } : { lastError: `${why}; refunds were made since: check them and the payment by hand` };
      if (await moveIntent(deps.db, intent.id, ["succeeded"], set, { version: intent.version, now })) return "applied";
      continue;
    }
    if (!awaited || !canMove(intent.status, to)) return "ignored";
    // Captured (by hand, in the provider's dashboard) while it was to be cancelled as a late charge's reversal: not
    // reversed, and the merchant's to refund; said so, not cleared.
    const unreversed = intent.status === "requires_capture" && to === "succeeded" && (await wasReversed(deps.db, intent.tenantId, intent.id));
    const lastError = to === "failed" ? (e.why ?? `${e.provider} reported failure`) : unreversed ? capturedUnreversed(e.provider, e.ref) : (e.why ?? null);

    const moved = await moveIntent(
      deps.db,
      intent.id,
      [intent.status],
      { status: to, provider: e.provider, providerRef: e.ref, ...(captured !== undefined ? { amountCaptured: captured } : {}), lastError },
      { version: intent.version, now },
    );
    if (!moved) continue;
    // Into `processing` (the buyer's return answered Received or Pending) says nothing of the charge yet: its attempt
    // still sent the buyer away, now marked as answered by their return (`returnedUnfinished`), for reconciliation.
    if (to === "processing") {
      await completeAttempt(deps.db, attempt.intentId, attempt.attemptNo, { status: attempt.status, outcome: attempt.outcome, code: e.via ?? `webhook ${e.eventId}`, providerRef: e.ref });
    } else if (state === "awaiting" || returnedUnfinished(attempt)) {
      // An attempt answered by the buyer's return (its reference known, so not `awaiting`) is settled here too.
      await completeAttempt(deps.db, attempt.intentId, attempt.attemptNo, { providerRef: e.ref, status: to === "failed" ? "declined" : "authorized", code: e.via ?? `webhook ${e.eventId}`, outcome: to === "failed" ? "hard" : "success" });
    }
    return "applied";
  }
  throw new ProblemError(503, "intent_busy", `The payment intent ${attempt.intentId} kept changing while this event was applied; it was not applied, deliver it again.`, undefined, { "retry-after": "1" });
}

/** What an intent says when an authorisation that was to be cancelled as a late charge's reversal was captured instead. */
export const capturedUnreversed = (provider: string, ref: string) =>
  `${provider} reported ${ref} captured, an authorisation made after its charge was marked not done at review, whose cancel was to reverse it (the intent had failed): it was not reversed; refund it by hand (the buyer may have paid again since)`;

/**
 * A charge an operator marked not done at review (its attempt's resolution) that its provider reports charged after
 * all: the provider's word stands over the operator's guess, as for a refund (`reviveRefund`), and the charge, made
 * for a checkout the merchant was told had failed, is reversed automatically (`reverseLateCharge`: refunded in full,
 * or its authorisation cancelled, once). "ignored" when it failed otherwise (its attempt's outcome was then never learnt
 * either, and a failed intent moves no further); null when the intent moved meanwhile (read it again).
 */
async function reviveCharge(deps: Deps, e: ProviderEvent, intent: IntentRow, attempt: AttemptRow, to: "succeeded" | "requires_capture", captured: number | undefined, now: string): Promise<EventOutcome | null> {
  const decided = await resolutionOf(deps.db, attempt.idempotencyKey);
  if (decided?.kind !== "charge" || decided.outcome !== "not_done") return "ignored";
  const late = { provider: e.provider, eventId: e.eventId, ref: e.ref, to, captured: captured ?? intent.amount };
  return (await reverseLateCharge(deps, intent, attempt, late, now)) ? "applied" : null;
}

/** The attempt an event is about, and what it is to the event. */
interface Found {
  attempt: AttemptRow;
  state: ReturnType<typeof eventAttempt>;
}

/**
 * By the provider's reference; else (an attempt that timed out, or is still waiting, has not learnt it) our
 * reference's last attempt, if it is at that provider and its outcome is not recorded: one that is was about
 * another charge. Null for an event with no reference of ours, or none that matches (answered 2xx, kept).
 */
async function attemptFor(deps: Deps, e: ProviderEvent): Promise<Found | null> {
  const byRef = await attemptByRef(deps.db, e.provider, e.ref);
  const attempt = byRef ?? (e.reference ? await lastAttempt(deps.db, e.reference) : null);
  if (!attempt) return null;
  const state = eventAttempt({ status: attempt.status, createdAtMs: Date.parse(attempt.createdAt), providerRef: attempt.providerRef }, deps.now());
  return byRef || (attempt.provider === e.provider && state !== "settled") ? { attempt, state } : null;
}

/** A provider's word on one of our refunds, found by the key we sent with it (Stripe metadata, Adyen reference). */
export interface RefundEvent {
  provider: ProviderName;
  eventId: string;
  /** The provider's refund reference. */
  ref: string;
  key: string | null;
  /** Done or failed; null while the provider still works on it. */
  succeeded: boolean | null;
}

/**
 * Settles a refund left `pending` (its answer never came, or the provider only received it) from the
 * provider's event, once, as reconciliation would: succeeded, or failed with its held amount given back. A
 * failure also undoes a refund that had succeeded (Adyen's REFUND_FAILED after its REFUND), giving the amount
 * back; a success never moves a refund already settled.
 */
export async function applyRefundEvent(deps: Deps, e: RefundEvent): Promise<EventOutcome> {
  const refund = e.key ? await refundByKey(deps.db, e.key) : null;
  const now = iso(deps.now());
  return onceDelivered(deps, e, refund?.intentId ?? null, now, async () => {
    if (!refund || e.succeeded === null) return refund ? "ignored" : "unknown_payment";
    // Paid out after an operator marked it not done: the provider's word stands (reviveRefund).
    const settled = e.succeeded
      ? (await settleRefund(deps.db, refund, { status: "succeeded", providerRef: e.ref }, now)) || (await reviveRefund(deps.db, refund, e.ref, now))
      : await settleRefund(deps.db, refund, { status: "failed" }, now, ["pending", "succeeded"]);
    return settled ? "applied" : "ignored";
  });
}

/** A provider's word that a capture or cancel did not happen (Adyen: CAPTURE or CANCELLATION with success=false, CAPTURE_FAILED). */
export interface ModificationFailedEvent {
  provider: ProviderName;
  eventId: string;
  /** The charge's provider reference. */
  ref: string;
  /** The claim's own key, as we sent it (Adyen's merchantReference). */
  key: string | null;
  action: "capture" | "cancel";
  reason: string;
  /** It may come after the capture was done and applied (CAPTURE_FAILED). */
  afterDone: boolean;
}

/**
 * Lets go of the capture or cancel claimed under the event's key, noting why, so a new one can be made. A
 * CAPTURE_FAILED after its CAPTURE moved the intent is only noted, for review: the status machine goes only
 * forward, and Adyen may capture again (a CAPTURE "Transaction Recaptured").
 */
export async function applyModificationFailed(deps: Deps, e: ModificationFailedEvent): Promise<EventOutcome> {
  const attempt = await attemptByRef(deps.db, e.provider, e.ref);
  const now = iso(deps.now());
  return onceDelivered(deps, e, attempt?.intentId ?? null, now, async () => {
    if (!attempt) return "unknown_payment";
    const why = `${e.provider} reported the ${e.action} failed (${e.reason})`;
    if (e.key && (await releaseModification(deps.db, attempt.intentId, e.key, why))) return "applied";
    return e.afterDone && (await noteOn(deps.db, attempt.intentId, "succeeded", why, now)) ? "applied" : "ignored";
  });
}
