import { sha256Hex } from "../../../../shared/crypto";
import { newId } from "../../../../shared/ids";
import { ProblemError, notFound } from "../../../../shared/http/problem";
import { refusal, type IntentStatus } from "../domain/intent-status";
import type { ProviderName } from "../domain/methods-data";
import type { ModResult } from "../connectors/types";
import { findIntent, insertRefund, moveIntent, releaseRefund, reserveRefund, settleRefund, type IntentRow } from "../store/intents";
import { checkAmount } from "./create-intent";
import { iso, type Deps } from "./deps";

async function intentIn(deps: Deps, tenantId: string, id: string, allowed: IntentStatus[], to: string) {
  const intent = await findIntent(deps.db, tenantId, id);
  if (!intent) throw notFound(`Payment intent ${id}`);
  if (!allowed.includes(intent.status)) throw new ProblemError(409, "intent_state_conflict", refusal(intent.status, to));
  return intent;
}

const providerFailed = (provider: string, r: Extract<ModResult, { ok: false }>) =>
  new ProblemError(502, "provider_error", `${provider} did not accept the request (${r.code}): ${r.message}. Nothing was changed; retry with the same Idempotency-Key.`);

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
 * asks about the same refund instead of making a second one.
 */
export async function refundIntent(deps: Deps, tenantId: string, id: string, idempotencyKey: string, amount?: number, reason?: string) {
  const intent = await intentIn(deps, tenantId, id, ["succeeded"], "refunded");
  const amt = amount ?? intent.amountCaptured - intent.amountRefunded;
  if (amount !== undefined) checkAmount(amt);
  const over = () => new ProblemError(409, "refund_exceeds_captured", `Cannot refund ${amt}: ${intent.amountCaptured} was captured and ${intent.amountRefunded} already refunded.`);
  if (amt <= 0) throw over();
  const now = iso(deps.now());
  if (!(await reserveRefund(deps.db, tenantId, id, amt, now))) throw over();
  const refundId = newId("re", deps.now());
  await insertRefund(deps.db, { id: refundId, tenantId, intentId: id, amount: amt, status: "pending", reason: reason ?? null, createdAt: now });
  const connector = deps.connectors[intent.provider as ProviderName];
  const key = `${id}:refund:${await sha256Hex(idempotencyKey)}`;
  let r = await connector.refund(intent.providerRef!, amt, intent.currency, key);
  // No answer in time: ask again with the same key (one refund at the provider however often we ask).
  if (!r.ok && /^(timeout|network_error)/.test(r.code)) r = await connector.refund(intent.providerRef!, amt, intent.currency, key);
  if (!r.ok) {
    await releaseRefund(deps.db, id, amt, iso(deps.now()));
    await settleRefund(deps.db, refundId, "failed", null);
    throw providerFailed(intent.provider!, r);
  }
  await settleRefund(deps.db, refundId, "succeeded", r.ref);
  return { id: refundId, intentId: id, amount: amt, currency: intent.currency, status: "succeeded" as const, providerRef: r.ref, reason: reason ?? null, createdAt: now };
}
