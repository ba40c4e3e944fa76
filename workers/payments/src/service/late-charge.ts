import { newId } from "../../../../shared/ids";
import type { ModResult } from "../connectors/types";
import type { ProviderName } from "../domain/methods-data";
import { chargeAttemptName } from "../domain/reconcile";
import type { Route } from "../domain/routing";
import { findIntent, moveIntent, noteOn, refundByKey, releaseModification, reviveLateCharge, settleRefund, type AttemptRow, type IntentRow, type Reversal } from "../store/intents";
import { iso, type Deps } from "./deps";
import { askTwice } from "./settle";

/**
 * The provider key of the reversal of a charge attempt marked not done that its provider charged after all: one per
 * attempt (its own key in it), whoever sends it and however often, so the provider refunds or cancels it once.
 * Within Adyen's 64 characters: an attempt's key is its intent's id and number.
 */
export const reversalKey = (action: "refund" | "cancel", attemptKey: string) => `${action}:reversal:${attemptKey}`;

/** What a late charge's provider reported: the payment and where it moves the intent. */
export interface LateChargeEvent {
  provider: ProviderName;
  eventId: string;
  ref: string;
  to: "succeeded" | "requires_capture";
  /** What it captured (for `succeeded`). */
  captured: number;
}

/**
 * A charge an operator marked not done at review (its intent failed: the merchant was told so, and the buyer may well
 * have paid again under another intent) that its provider reports charged after all: the provider's word stands over
 * the operator's, and the charge is reversed automatically, as the failed checkout it was: all it captured refunded,
 * or, authorised only (captured by hand), its authorisation cancelled. The intent moves where the event says (so the
 * refund or cancel has a payment to act on), with the reversal booked in the same write (`reviveLateCharge`: the one
 * writer, so it is booked once), and its `lastError` and trace say why. The reversal is then sent through the same
 * calls as any refund or cancel, under a key of its own derived from the attempt's (`reversalKey`): a refund or cancel
 * whose answer is lost stays pending and reconciliation asks again with that key, so however often it is sent it
 * refunds or cancels once. Sent after the event is answered where the request can wait for it (`deps.waitUntil`).
 * False when the intent moved meanwhile (read it again).
 */
export async function reverseLateCharge(deps: Deps, intent: IntentRow, attempt: AttemptRow, e: LateChargeEvent, now: string): Promise<boolean> {
  const name = chargeAttemptName(attempt.attemptNo);
  const refund = e.to === "succeeded";
  const reversal: Reversal = refund
    ? { kind: "refund", key: reversalKey("refund", attempt.idempotencyKey), refundId: newId("re", deps.now()), reason: `automatic reversal: ${name} was marked not done at review and charged by ${e.provider} after all` }
    : { kind: "cancel", key: reversalKey("cancel", attempt.idempotencyKey) };
  const what = reversal.kind === "refund" ? `refunded in full automatically as refund ${reversal.refundId}` : "its authorisation is cancelled automatically";
  const why = `${name}, marked not done at review, was ${refund ? "charged" : "authorised"} by ${e.provider} after all (${e.ref}): ${what}, as the intent had failed (the buyer may have paid again since)`;
  const route = JSON.parse(intent.route) as Route;
  const traced = JSON.stringify({ ...route, trace: [...route.trace, `webhook: ${why}`] });
  const revived = await reviveLateCharge(deps.db, { intent, attemptNo: attempt.attemptNo, provider: e.provider, ref: e.ref, to: e.to, captured: e.captured, why, route: traced, code: `webhook ${e.eventId}`, now }, reversal);
  if (!revived) return false;
  const send = sendReversal(deps, intent.tenantId, intent.id, reversal, why).catch((err: unknown) => {
    // Booked: reconciliation sends it again with its key.
    console.error(JSON.stringify({ service: "payments", event: "reversal_not_sent", intentId: intent.id, key: reversal.key, error: String(err).slice(0, 200) }));
  });
  if (deps.waitUntil) deps.waitUntil(send);
  else await send;
  return true;
}

/**
 * Sends a booked reversal (`reverseLateCharge`) once (asked again with its key when the answer is unclear), as a refund
 * or cancel is sent: done settles it; refused gives the refund's amount back (or lets the claim go) and says on the
 * intent that it is the merchant's to reverse by hand; no clear answer, only received (Adyen), or turned away leaves it
 * pending for the provider's event or reconciliation, which asks again with the same key.
 */
async function sendReversal(deps: Deps, tenantId: string, intentId: string, reversal: Reversal, why: string) {
  const intent = await findIntent(deps.db, tenantId, intentId);
  if (!intent?.provider || !intent.providerRef) return;
  const provider = intent.provider as ProviderName;
  const connector = deps.connectors[provider];
  const refused = (r: ModResult) => !r.ok && r.failure === "refused";
  const byHand = (r: Extract<ModResult, { ok: false }>, action: string) => `${why}; ${provider} refused the ${action} (${r.code}): ${action} it by hand`;
  const now = () => iso(deps.now());
  if (reversal.kind === "refund") {
    const refund = await refundByKey(deps.db, reversal.key);
    if (refund?.status !== "pending") return;
    const r = await askTwice(() => connector.refund(intent.providerRef!, refund.amount, intent.currency, reversal.key));
    if (r.ok && r.settled) await settleRefund(deps.db, refund, { status: "succeeded", providerRef: r.ref }, now());
    else if (!r.ok && refused(r) && (await settleRefund(deps.db, refund, { status: "failed" }, now()))) await noteOn(deps.db, intentId, "succeeded", byHand(r, "refund"), now());
    return;
  }
  if (intent.pendingKey !== reversal.key) return;
  const r = await askTwice(() => connector.cancel(intent.providerRef!, reversal.key));
  if (r.ok && r.settled) await moveIntent(deps.db, intentId, ["requires_capture"], { status: "canceled" }, { tenantId, now: now(), pendingKey: reversal.key });
  // Let go, it says the authorisation is the merchant's to cancel by hand (`releaseModificationQuery`), and it is never captured.
  else if (!r.ok && refused(r)) await releaseModification(deps.db, intentId, reversal.key, `${provider} refused the cancel (${r.code})`);
}
