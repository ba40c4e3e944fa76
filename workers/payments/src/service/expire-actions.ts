import { readOf, type ChargeResult, type Connector, type ModResult } from "../connectors/types";
import { actionExpired } from "../domain/action-window";
import { ATTEMPT_STATUS, outcomeOf } from "../domain/charge-outcome";
import type { ProviderName } from "../domain/methods-data";
import { settledBy } from "../domain/reconcile";
import { completeAttempt, lastAttempt, moveIntent, noteOn, type AttemptRow, type IntentRow } from "../store/intents";
import { expiredActions, noteActionLook, type Turn } from "../store/recheck-queues";
import { withCalls, type Call, type CallBudget } from "./call-budget";
import { iso, type Deps } from "./deps";
import { budgetOf, inTurn, lookOf, type ReconcileOptions } from "./reconcile";

/** What one run did with one intent whose buyer action was past its window. */
export interface ExpiredAction {
  id: string;
  /**
   * `succeeded`: paid at the provider after all, the intent follows (`succeeded` or `requires_capture`); `failed`: the
   * provider declined it; `canceled`: cancelled at the provider, then here (`action_expired`); `held`: no clear
   * answer, or the cancel not done, asked again later; `left`: its provider has no read (Adyen), its event settles it.
   */
  outcome: "succeeded" | "failed" | "canceled" | "held" | "left" | "already_settled" | "deferred";
  status: IntentRow["status"] | null;
}

/**
 * Settles intents left `requires_action` past their action's window and grace (`domain/action-window.ts`), a bounded
 * batch a run, tenants in turn, on the run's budget of calls (a read and a cancel each). Each is read at its provider
 * first, never cancelled blind: paid or authorised there → the intent follows (one charge, the buyer's own); declined
 * → failed; still waiting (or a PaymentIntent back to `requires_payment_method`) → cancelled there with a key of its
 * own, and only once the provider says it is cancelled is the intent `canceled` with `lastError` `action_expired: …`.
 * A cancel refused (the buyer paid meanwhile) or unanswered, or a read that says nothing, leaves it for a later run
 * (`pending-wait.ts`: "still processing" waits longer each time). Every move is from `requires_action` at the version
 * read, so a provider event applied meanwhile (webhooks.ts) wins, and the intent has one outcome. A provider with no
 * read of a payment (Adyen) is not called: it closes an expired offer itself and says so in its OFFER_CLOSED (or an
 * AUTHORISATION `success=false`) notification, which cancels (fails) the intent; the intent leaves this queue.
 */
export async function reconcileExpiredActions(deps: Deps, opts: ReconcileOptions): Promise<ExpiredAction[]> {
  const budget = budgetOf(opts);
  return inTurn(deps, "action", opts, (q) => expiredActions(deps.db, q), (intent) => expireOne(deps, intent, budget));
}

/** The provider's key for an expired action's cancel: one per intent, so a run that lost its answer asks the same cancel again. */
export const expiryCancelKey = (intentId: string) => `expire_${intentId}`;

async function expireOne(deps: Deps, intent: IntentRow & Turn, budget: CallBudget): Promise<ExpiredAction> {
  const provider = intent.provider as ProviderName;
  const connector = deps.connectors[provider];
  const last = await lastAttempt(deps.db, intent.id);
  const read = reader(connector, intent, last);
  if (!read) {
    await noteActionLook(deps.db, intent, `buyer action at ${provider} past its window (${intent.actionExpiresAt}); ${provider} closes it and its notification settles the intent`, "out");
    return { id: intent.id, outcome: "left", status: "requires_action" };
  }
  const asked = await withCalls(budget, 2, async (call) => {
    const now = await call(read);
    const ref = intent.providerRef ?? ("ref" in now ? now.ref : null);
    const open = now.kind === "requires_action" || (now.kind === "declined" && now.code !== "canceled");
    return { now, ref, cancel: open && ref ? await cancelAt(call, connector, ref, intent.id) : null };
  });
  if (!asked) return { id: intent.id, outcome: "deferred", status: "requires_action" };
  const { now, ref, cancel } = asked.done;
  const move = (set: Parameters<typeof moveIntent>[3]) => moveIntent(deps.db, intent.id, ["requires_action"], set, { tenantId: intent.tenantId, version: intent.version, now: iso(deps.now()) });

  if (now.kind === "authorized") {
    const moved = await move({ ...settledBy(now, intent)!, provider });
    if (!moved) return { id: intent.id, outcome: "already_settled", status: null };
    if (last) await completeAttempt(deps.db, intent.id, last.attemptNo, { status: ATTEMPT_STATUS[now.kind], code: `${now.code} (read past the buyer's window)`, outcome: outcomeOf(now), providerRef: now.ref });
    return { id: intent.id, outcome: "succeeded", status: moved.status };
  }
  const done = cancel?.ok && cancel.settled;
  if (done || (now.kind === "declined" && now.code === "canceled")) {
    const how = done ? `cancelled at ${provider} (${ref})` : `${provider} shows it cancelled (${ref})`;
    const why = actionExpired(provider, intent.actionExpiresAt, how);
    const moved = await move({ status: "canceled", lastError: why });
    if (moved) return { id: intent.id, outcome: "canceled", status: "canceled" };
    // The provider's event of this very cancel applied first (it moved the intent, saying nothing of why): say why.
    if (await noteOn(deps.db, intent.id, "canceled", why, iso(deps.now()), true)) return { id: intent.id, outcome: "canceled", status: "canceled" };
    return { id: intent.id, outcome: "already_settled", status: null };
  }
  const lookedAt = deps.now();
  const why = cancel
    ? `buyer action at ${provider} past its window; its cancel was not done (${cancel.ok ? "received" : `${cancel.code}: ${cancel.message}`}), asked again later`
    : `buyer action at ${provider} past its window; ${provider} gave no clear answer (${now.code}), asked again later`;
  // Every unsettled answer waits longer each time (2 min doubling to 6 h), not only "still pending": the buyer's window
  // is over, so nothing is urgent, and an answer that stays unclear (a payment the provider no longer finds, a key
  // revoked, a cancel refused each time) must not cost calls from the run's shared budget every minute.
  await noteActionLook(deps.db, intent, why, lookOf(lookedAt, true, { round: intent.round, waits: intent.actionWaits }));
  return { id: intent.id, outcome: "held", status: "requires_action" };
}

/**
 * What the provider holds now for the intent's payment, read, never asked again (a re-ask replays the first answer,
 * `requires_action`, whatever became of it): by its reference where the provider reads one (Stripe's PaymentIntent),
 * else by the last attempt's key. Undefined where the provider has neither (Adyen).
 */
function reader(connector: Connector, intent: IntentRow, last: AttemptRow | null): (() => Promise<ChargeResult>) | undefined {
  const byRef = readOf(connector, "payment");
  if (intent.providerRef && byRef) {
    return async () => {
      const r = await byRef(intent.providerRef!);
      if ("notFound" in r) return { kind: "unknown", code: "not_found" };
      if ("unknown" in r) return { kind: "unknown", code: r.unknown };
      // Another merchant reference on it: not this intent's payment, nothing to act on.
      return r.shown.intentId === null || r.shown.intentId === intent.id ? r.shown.result : { kind: "unknown", code: "other_reference" };
    };
  }
  const byKey = readOf(connector, "charge");
  if (!byKey || !last || last.provider !== connector.name) return undefined;
  const request = { key: last.idempotencyKey, reference: intent.id, amount: intent.amount, currency: intent.currency, method: intent.method, capture: intent.captureMethod, returnUrl: intent.returnUrl };
  return () => byKey(request);
}

/** The cancel of a payment still awaiting its buyer, asked once this run (a lost answer is asked again, same key, next run). */
const cancelAt = (call: Call, connector: Connector, ref: string, intentId: string): Promise<ModResult> => call(() => connector.cancel(ref, expiryCancelKey(intentId)));
