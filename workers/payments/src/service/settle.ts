import { sha256Hex } from "../../../../shared/crypto";
import { newId } from "../../../../shared/ids";
import { ProblemError, notFound } from "../../../../shared/http/problem";
import { refusal, type IntentStatus } from "../domain/intent-status";
import type { ProviderName } from "../domain/methods-data";
import type { ModResult } from "../connectors/types";
import { findIntent, insertRefund, moveIntent, reserveRefund, settleRefund, type IntentRow } from "../store/intents";
import { checkAmount } from "./create-intent";
import { iso, type Deps } from "./deps";

async function intentIn(deps: Deps, tenantId: string, id: string, allowed: IntentStatus[], to: string) {
  const intent = await findIntent(deps.db, tenantId, id);
  if (!intent) throw notFound(`Payment intent ${id}`);
  if (!allowed.includes(intent.status)) throw new ProblemError(409, "intent_state_conflict", refusal(intent.status, to));
  return intent;
}

/** A 502 that says what the client can know: refused (nothing changed), or unknown (the provider may have acted). */
const providerFailed = (provider: string, r: Extract<ModResult, { ok: false }>) =>
  new ProblemError(
    502,
    "provider_error",
    r.failure === "unknown"
      ? `${provider} gave no clear answer (${r.code}): ${r.message}. It may have acted; retry with the same Idempotency-Key to ask it about the same request.`
      : `${provider} did not accept the request (${r.code}): ${r.message}. Nothing was changed; retry with the same Idempotency-Key.`,
  );

/** After a lost race, the intent as it now is, or a 409 naming its state. */
async function afterRace(deps: Deps, tenantId: string, id: string, to: string, settled: (i: IntentRow) => boolean) {
  const now = (await findIntent(deps.db, tenantId, id))!;
  if (settled(now)) return now;
  throw new ProblemError(409, "intent_state_conflict", refusal(now.status, to));
}

/**
 * Captures an authorized intent, fully or partly (at most what was
 * authorized). The provider call carries the intent's capture key, so a
 * repeated capture is one capture at the provider too.
 */
export async function captureIntent(deps: Deps, tenantId: string, id: string, amount?: number) {
  const intent = await intentIn(deps, tenantId, id, ["requires_capture"], "succeeded");
  const amt = amount ?? intent.amount;
  checkAmount(amt, "amountToCapture");
  if (amt > intent.amount) throw new ProblemError(409, "capture_exceeds_authorized", `Cannot capture ${amt}: only ${intent.amount} was authorized.`);
  const r = await deps.connectors[intent.provider as ProviderName].capture(intent.providerRef!, amt, intent.currency, `${id}:capture`);
  if (!r.ok) throw providerFailed(intent.provider!, r);
  const moved = await moveIntent(deps.db, id, ["requires_capture"], { status: "succeeded", amountCaptured: amt }, { tenantId, now: iso(deps.now()) });
  return moved ?? afterRace(deps, tenantId, id, "succeeded", (i) => i.status === "succeeded" && i.amountCaptured === amt);
}

/** Cancels an intent not yet charged, or voids an authorization at its provider. */
export async function cancelIntent(deps: Deps, tenantId: string, id: string) {
  const intent = await intentIn(deps, tenantId, id, ["requires_confirmation", "requires_capture", "requires_action"], "canceled");
  if (intent.status !== "requires_confirmation" && intent.provider && intent.providerRef) {
    const r = await deps.connectors[intent.provider as ProviderName].cancel(intent.providerRef, `${id}:cancel`);
    if (!r.ok) throw providerFailed(intent.provider, r);
  }
  const moved = await moveIntent(deps.db, id, [intent.status], { status: "canceled" }, { tenantId, now: iso(deps.now()) });
  return moved ?? afterRace(deps, tenantId, id, "canceled", (i) => i.status === "canceled");
}

/**
 * Refunds captured money, fully (the rest) or partly. The amount is reserved
 * on the intent first in one conditional UPDATE (refunded + amount ≤
 * captured), so concurrent refunds can never together exceed the capture;
 * a refund the provider refuses gives its reservation back. The provider's
 * key comes from the request's `Idempotency-Key`, not from the refund's own
 * id: a retry after an answer that never came (the provider may have acted)
 * asks about the same refund instead of making a second one. When asking
 * twice still gives no clear answer, the refund stays `pending` with its
 * reservation held (it may have been paid out) and reconciliation settles it.
 */
export async function refundIntent(deps: Deps, tenantId: string, id: string, idempotencyKey: string, amount?: number, reason?: string) {
  const intent = await intentIn(deps, tenantId, id, ["succeeded"], "refunded");
  const amt = amount ?? intent.amountCaptured - intent.amountRefunded;
  if (amount !== undefined) checkAmount(amt);
  const over = () => new ProblemError(409, "refund_exceeds_captured", `Cannot refund ${amt}: ${intent.amountCaptured} was captured and ${intent.amountRefunded} already refunded.`);
  if (amt <= 0) throw over();
  const now = iso(deps.now());
  if (!(await reserveRefund(deps.db, tenantId, id, amt, now))) throw over();
  const refund = { id: newId("re", deps.now()), tenantId, intentId: id, amount: amt, reason: reason ?? null, createdAt: now };
  const key = `${id}:refund:${await sha256Hex(idempotencyKey)}`;
  await insertRefund(deps.db, { ...refund, status: "pending", providerKey: key });
  const connector = deps.connectors[intent.provider as ProviderName];
  let r = await connector.refund(intent.providerRef!, amt, intent.currency, key);
  // No clear answer: ask again with the same key (one refund at the provider however often we ask). Turned
  // away this time, the re-ask says nothing of the first call: still unknown.
  if (!r.ok && r.failure === "unknown") {
    const again = await connector.refund(intent.providerRef!, amt, intent.currency, key);
    r = !again.ok && again.failure === "turned_away" ? r : again;
  }
  const { tenantId: _own, ...shown } = refund;
  const view = { ...shown, currency: intent.currency };
  if (r.ok) {
    await settleRefund(deps.db, refund, { status: "succeeded", providerRef: r.ref }, iso(deps.now()));
    return { ...view, status: "succeeded" as const, providerRef: r.ref };
  }
  if (r.failure === "unknown") return { ...view, status: "pending" as const, providerRef: null };
  await settleRefund(deps.db, refund, { status: "failed" }, iso(deps.now()));
  throw providerFailed(intent.provider!, r);
}
