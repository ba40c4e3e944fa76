import { movableFrom, type IntentStatus } from "../domain/intent-status";
import type { ProviderName } from "../domain/methods-data";
import { attemptByRef, completeAttempt, intentById, lastAttempt, moveIntent, pendingRefundByKey, settleRefund } from "../store/intents";
import { firstDelivery, forgetDelivery } from "../store/webhook-events";
import { iso, type Deps } from "./deps";

/** A provider event in our terms: which provider charge it is about and the status it reports. */
export interface ProviderEvent {
  provider: ProviderName;
  eventId: string;
  ref: string;
  /** Our intent id as the provider echoes it (Stripe metadata, Adyen merchantReference). */
  reference?: string;
  to: IntentStatus | "authorized" | null;
  amount?: number;
}

export type EventOutcome = "applied" | "duplicate" | "ignored" | "unknown_payment";

/**
 * Applies one verified provider event. Replays (same event id) apply nothing.
 * The event moves the intent only forward and only when it is about the charge
 * the intent is waiting on: its current provider reference, or the last
 * attempt whose outcome was unknown. A late event for a state already passed,
 * or about an attempt the chain moved beyond, changes nothing.
 */
export async function applyEvent(deps: Deps, e: ProviderEvent): Promise<EventOutcome> {
  const attempt = await attemptFor(deps, e);
  const now = iso(deps.now());
  if (!(await firstDelivery(deps.db, e.provider, e.eventId, attempt?.intentId ?? null, now))) return "duplicate";
  return orForget(deps, e, () => applyDelivered(deps, e, attempt, now));
}

/**
 * The work of an event just recorded as delivered. When it fails (the answer is then a 5xx and the provider
 * delivers again), the record goes too: kept, it would turn that retry into a "duplicate" and lose the event.
 */
async function orForget(deps: Deps, e: { provider: string; eventId: string }, apply: () => Promise<EventOutcome>): Promise<EventOutcome> {
  try {
    return await apply();
  } catch (err) {
    await forgetDelivery(deps.db, e.provider, e.eventId).catch(() => undefined);
    throw err;
  }
}

async function applyDelivered(deps: Deps, e: ProviderEvent, attempt: Awaited<ReturnType<typeof attemptFor>>, now: string): Promise<EventOutcome> {
  if (!attempt || e.to === null) return attempt ? "ignored" : "unknown_payment";
  const intent = await intentById(deps.db, attempt.intentId);
  if (!intent) return "unknown_payment";
  const awaited = intent.providerRef === e.ref || (intent.status === "processing" && attempt.status === "unknown");
  if (!awaited) return "ignored";

  const to: IntentStatus = e.to === "authorized" ? (intent.captureMethod === "manual" ? "requires_capture" : "succeeded") : e.to;
  const captured = to === "succeeded" ? (e.amount ?? intent.amount) : undefined;
  const moved = await moveIntent(
    deps.db,
    intent.id,
    movableFrom(to).filter((s) => s === intent.status),
    { status: to, provider: e.provider, providerRef: e.ref, ...(captured !== undefined ? { amountCaptured: captured } : {}), ...(to === "failed" ? { lastError: `${e.provider} reported failure` } : { lastError: null }) },
    { version: intent.version, now },
  );
  if (moved && attempt.status === "unknown") {
    await completeAttempt(deps.db, attempt.intentId, attempt.attemptNo, { providerRef: e.ref, status: to === "failed" ? "declined" : "authorized", code: `webhook ${e.eventId}`, outcome: to === "failed" ? "hard" : "success" });
  }
  return moved ? "applied" : "ignored";
}

/** The attempt an event is about: by the provider's reference, else (an attempt that timed out never learnt it) our reference's last attempt there. */
async function attemptFor(deps: Deps, e: ProviderEvent) {
  const byRef = await attemptByRef(deps.db, e.provider, e.ref);
  if (byRef || !e.reference) return byRef;
  const last = await lastAttempt(deps.db, e.reference);
  return last && last.provider === e.provider && last.status === "unknown" ? last : null;
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
 * Settles a refund left `pending` (its answer never came) from the provider's event: succeeded, or failed with
 * its held amount given back, once, as reconciliation would. A refund already settled is left as it is.
 */
export async function applyRefundEvent(deps: Deps, e: RefundEvent): Promise<EventOutcome> {
  const refund = e.key ? await pendingRefundByKey(deps.db, e.key) : null;
  const now = iso(deps.now());
  if (!(await firstDelivery(deps.db, e.provider, e.eventId, refund?.intentId ?? null, now))) return "duplicate";
  if (!refund || e.succeeded === null) return refund ? "ignored" : "unknown_payment";
  return orForget(deps, e, async () => {
    const settled = await settleRefund(deps.db, refund, e.succeeded ? { status: "succeeded", providerRef: e.ref } : { status: "failed" }, now);
    return settled ? "applied" : "ignored";
  });
}
