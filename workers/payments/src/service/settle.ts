import { sha256Hex } from "../../../../shared/crypto";
import { newId } from "../../../../shared/ids";
import { ProblemError, notFound } from "../../../../shared/http/problem";
import { refusal, type IntentStatus } from "../domain/intent-status";
import type { ProviderName } from "../domain/methods-data";
import { pendingModificationName, pendingStep, reviewNote } from "../domain/reconcile";
import { claimKey } from "../domain/review";
import { readOf, type ModResult } from "../connectors/types";
import { MAX_REFUNDS_PER_INTENT, beginRefund, claimModification, findIntent, moveIntent, refundByRequest, refundCount, releaseModification, settleRefund, type IntentRow, type RefundRow } from "../store/intents";
import { wasReversed } from "../store/modification-claims";
import { callBudget } from "./call-budget";
import { checkAmount, checkTakenBy } from "./create-intent";
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
 * Asks the provider, and once more with the same key when the answer is unclear (one modification at the
 * provider however often it is asked). A re-ask turned away says nothing of the first call: still unknown.
 */
export async function askTwice(send: () => Promise<ModResult>): Promise<ModResult> {
  const r = await send();
  if (r.ok || r.failure !== "unknown") return r;
  const again = await send();
  return !again.ok && again.failure === "turned_away" ? r : again;
}

/**
 * What a client's retry of a refund, capture or cancel left pending (sent at `sentAt`) learns of it, by
 * `pendingStep`: while the provider keeps its key, sent again with that key (`askTwice`: one at the provider
 * however often it is asked); past that only read, where the provider has a read; with none, nothing can be sent
 * or read: null (`review`), and nothing was sent.
 */
async function askPending(deps: Deps, sentAt: string, send: () => Promise<ModResult>, read?: () => Promise<ModResult>) {
  const step = pendingStep(Date.parse(sentAt), deps.now(), read !== undefined);
  if (step === "review") return null;
  return { step, r: step === "ask" ? await askTwice(send) : await read!() };
}

const modificationPending = (i: IntentRow) =>
  new ProblemError(
    409,
    "modification_pending",
    `A ${i.pendingAction}${i.pendingAmount !== null ? ` of ${i.pendingAmount}` : ""} sent at ${i.pendingSince} still awaits ${i.provider}'s answer; ` +
      "it settles when that request is retried, the provider's event comes or reconciliation asks.",
  );

/**
 * A 409 for a retry of a capture or cancel whose outcome no call can learn (`pendingStep`: review): past the
 * provider's key window, sent again it could act twice, and the provider has no read. Nothing was sent.
 */
const modificationNeedsReview = (i: IntentRow) =>
  new ProblemError(409, "modification_needs_review", `${reviewNote(`The ${pendingModificationName(i.pendingAction!, i.pendingAmount)}`, i.pendingSince!, i.provider!)}; nothing was sent`);

/** What a modification's send or retry settled: done (`settle` moved the intent), or still pending (202). */
type Modified = { pending: boolean };

/**
 * Sends a capture or cancel as the intent's one modification in flight. It is claimed on the intent before
 * the call (two callers never both send one; the provider key is the claim's own), or, when this very one
 * is already pending, retried (`retryPending`). Done: `settle` moves the intent. Refused, or turned away
 * before any work: the claim is let go (nothing happened; a retry starts afresh). No clear answer, or only
 * received (Adyen: its notification says later whether it happened): it stays pending, and the answer is 202.
 */
async function modify(
  deps: Deps,
  intent: IntentRow,
  m: { action: "capture" | "cancel"; amount: number | null },
  send: (key: string) => Promise<ModResult>,
  settle: (key: string) => Promise<IntentRow>,
  read?: () => Promise<ModResult>,
): Promise<Modified> {
  if (intent.pendingAction !== null) {
    if (intent.pendingAction !== m.action || intent.pendingAmount !== m.amount) throw modificationPending(intent);
    const retried = await retryPending(deps, intent, send, settle, read);
    if (retried) return retried;
  }
  // Not the intent id: Adyen takes keys of at most 64 characters (the intent id made it 68).
  const key = claimKey(m.action, newId("mod", deps.now()));
  const claimed = await claimModification(deps.db, intent.tenantId, intent.id, intent.status, { ...m, key, since: iso(deps.now()) });
  if (!claimed) {
    const now = (await findIntent(deps.db, intent.tenantId, intent.id))!;
    throw now.pendingAction ? modificationPending(now) : new ProblemError(409, "intent_state_conflict", refusal(now.status, m.action === "capture" ? "succeeded" : "canceled"));
  }
  const r = await askTwice(() => send(key));
  if (r.ok && r.settled) return (await settle(key), { pending: false });
  if (r.ok || r.failure === "unknown") return { pending: true };
  await releaseModification(deps.db, intent.id, key);
  throw providerFailed(intent.provider!, r);
}

/**
 * A retry of the capture or cancel pending on the intent, by `pendingStep`. While the provider keeps the claim's
 * key it is sent again with that key: one modification at the provider however often it is asked (turned away
 * says nothing of the first call: still pending). Past that, sent again it could act twice: the provider's
 * state is read instead where it has a read (Stripe), and a read showing it never happened lets the claim go,
 * null, for the caller to make it afresh under a new key; with no read (Adyen) it is a 409 and nothing is sent.
 */
async function retryPending(
  deps: Deps,
  intent: IntentRow,
  send: (key: string) => Promise<ModResult>,
  settle: (key: string) => Promise<IntentRow>,
  read?: () => Promise<ModResult>,
): Promise<Modified | null> {
  const key = intent.pendingKey!;
  const learnt = await askPending(deps, intent.pendingSince!, () => send(key), read);
  if (!learnt) throw modificationNeedsReview(intent);
  const { step, r } = learnt;
  if (r.ok && r.settled) return (await settle(key), { pending: false });
  if (r.ok || r.failure !== "refused") return { pending: true };
  await releaseModification(deps.db, intent.id, key);
  if (step === "read") return null;
  throw providerFailed(intent.provider!, r);
}

/**
 * A 409 for a capture of an authorisation a charge marked not done at review got after all (`reverseLateCharge`): the
 * intent had failed, and the buyer may have paid again under another; its cancel is pending, or, not carried out, the
 * merchant's to do by hand. Nothing was sent.
 */
const reversed = (i: IntentRow) =>
  new ProblemError(
    409,
    "reversal_pending",
    `This authorisation (${i.providerRef}) was made after its charge was marked not done at review, and the intent had failed: it is ` +
      (i.pendingAction === "cancel" ? "being cancelled automatically" : "to be cancelled (by hand: its automatic cancel did not happen)") +
      " and cannot be captured. Create a new intent to charge the buyer.",
  );

/** Captures an authorized intent, fully or partly (at most what was authorized); `pending` while the provider's outcome is not known (no answer, or only received). */
export async function captureIntent(deps: Deps, tenantId: string, id: string, amount?: number) {
  const intent = await intentIn(deps, tenantId, id, ["requires_capture"], "succeeded");
  if (await wasReversed(deps.db, tenantId, id)) throw reversed(intent);
  const amt = amount ?? (intent.pendingAction === "capture" ? intent.pendingAmount! : intent.amount);
  checkAmount(amt, "amountToCapture");
  if (amt > intent.amount) throw new ProblemError(409, "capture_exceeds_authorized", `Cannot capture ${amt}: only ${intent.amount} was authorized.`);
  checkTakenBy([intent.provider as ProviderName], amt, intent.currency, "amountToCapture");
  const connector = deps.connectors[intent.provider as ProviderName];
  const send = (key: string) => connector.capture(intent.providerRef!, amt, intent.currency, key);
  const lookup = readOf(connector, "capture");
  const read = lookup && (() => lookup(intent.providerRef!, "capture"));
  return modify(deps, intent, { action: "capture", amount: amt }, send, async (key) => {
    const moved = await moveIntent(deps.db, id, ["requires_capture"], { status: "succeeded", amountCaptured: amt }, { tenantId, now: iso(deps.now()), pendingKey: key });
    return moved ?? afterRace(deps, tenantId, id, "succeeded", (i) => i.status === "succeeded" && i.amountCaptured === amt);
  }, read);
}

/** Cancels an intent not yet charged, or voids an authorization at its provider; `pending` while the provider's outcome is not known (no answer, or only received). */
export async function cancelIntent(deps: Deps, tenantId: string, id: string) {
  const intent = await intentIn(deps, tenantId, id, ["requires_confirmation", "requires_capture", "requires_action"], "canceled");
  const cancel = async (pendingKey?: string) => {
    const moved = await moveIntent(deps.db, id, [intent.status], { status: "canceled" }, { tenantId, now: iso(deps.now()), pendingKey });
    return moved ?? afterRace(deps, tenantId, id, "canceled", (i) => i.status === "canceled");
  };
  // Charged at a provider that has not told us its reference yet (an Adyen redirect): a local cancel would leave
  // the buyer's payment standing there.
  if (intent.status === "requires_action" && intent.provider && !intent.providerRef) {
    throw new ProblemError(409, "cancel_not_possible_yet", `The intent awaits the buyer at ${intent.provider}, which has not yet given its reference for the payment, so it cannot be cancelled there; retry once the payment has settled or the buyer abandoned it.`);
  }
  if (intent.status === "requires_confirmation" || !intent.provider || !intent.providerRef) return (await cancel(), { pending: false });
  const connector = deps.connectors[intent.provider as ProviderName];
  const lookup = readOf(connector, "cancel");
  const read = lookup && (() => lookup(intent.providerRef!, "cancel"));
  return modify(deps, intent, { action: "cancel", amount: null }, (key) => connector.cancel(intent.providerRef!, key), cancel, read);
}

/** A refund as the API shows it. */
const refundView = (r: Pick<RefundRow, "id" | "intentId" | "amount" | "reason" | "createdAt" | "status" | "providerRef">, currency: string) => ({
  id: r.id,
  intentId: r.intentId,
  amount: r.amount,
  reason: r.reason,
  createdAt: r.createdAt,
  currency,
  status: r.status,
  providerRef: r.providerRef,
});

/**
 * Refunds captured money, fully (the rest) or partly. The refund is made `pending` with its amount reserved on
 * the intent in one transaction (refunded + amount ≤ captured), so concurrent refunds can never together exceed
 * the capture; a refund the provider refuses gives its reservation back. The provider's key is the refund's own
 * id, never derived from the client's `Idempotency-Key`: a provider that has forgotten a key (Stripe keeps them
 * 24 h) is never sent one again for what would be a second refund. The refund keeps the request that made it
 * instead, and a retry of that request, at any age, answers that refund (`refundAgain`), never makes another; one
 * live refund per request in the database, so of two identical requests at once one makes it. When asking twice
 * still gives no clear answer, the refund stays `pending` with its reservation held (it may have been paid out)
 * and reconciliation settles it; one the provider only received (Adyen) or has not paid out yet (Stripe's
 * `pending`) stays `pending` until its event or reconciliation's read. An amount the provider cannot take is a
 * 422 before anything is reserved.
 */
export async function refundIntent(deps: Deps, tenantId: string, id: string, idempotencyKey: string, amount?: number, reason?: string) {
  const intent = await intentIn(deps, tenantId, id, ["succeeded"], "refunded");
  const request = { key: await sha256Hex(idempotencyKey), fingerprint: await sha256Hex(JSON.stringify([amount ?? null, reason ?? null])) };
  const earlier = await refundByRequest(deps.db, id, request.key);
  if (earlier && earlier.status !== "failed") return refundAgain(deps, intent, earlier, request.fingerprint, true);
  const amt = amount ?? intent.amountCaptured - intent.amountRefunded;
  if (amount !== undefined) checkAmount(amt);
  const over = () => new ProblemError(409, "refund_exceeds_captured", `Cannot refund ${amt}: ${intent.amountCaptured} was captured and ${intent.amountRefunded} already refunded.`);
  if (amt <= 0) throw over();
  checkTakenBy([intent.provider as ProviderName], amt, intent.currency);
  const now = iso(deps.now());
  const refundId = newId("re", deps.now());
  const refund = { id: refundId, tenantId, intentId: id, amount: amt, reason: reason ?? null, createdAt: now, providerKey: refundId, requestKey: request.key, requestFingerprint: request.fingerprint };
  if (!(await beginRefund(deps.db, refund, now))) {
    // Not made: more than is left, or the same request made it first, whose call is under way: answered as it stands.
    const twin = await refundByRequest(deps.db, id, request.key);
    if (twin && twin.status !== "failed") return refundAgain(deps, intent, twin, request.fingerprint, false);
    // Or the same request made it first and the provider has refused it since (its reservation given back): that
    // refusal is this request's answer too, as `answerRefund` gave it to the one that made it.
    if (twin && twin.id !== earlier?.id) throw twinRefused(intent.provider!, twin);
    if ((await refundCount(deps.db, id)) >= MAX_REFUNDS_PER_INTENT) {
      throw new ProblemError(409, "refund_limit_reached", `The intent has ${MAX_REFUNDS_PER_INTENT} refunds, the most one intent can have; refund the rest in one refund.`);
    }
    throw over();
  }
  const connector = deps.connectors[intent.provider as ProviderName];
  const r = await askTwice(() => connector.refund(intent.providerRef!, amt, intent.currency, refund.providerKey));
  // Turned away before any work: nothing happened, so the refund failed.
  return answerRefund(deps, intent, refund, refundView({ ...refund, status: "pending", providerRef: null }, intent.currency), r, r.ok || r.failure === "unknown");
}

/**
 * The answer of a request that lost the race to make its refund to one under the same key (`payment_refunds_request`)
 * whose refund the provider then refused or turned away: the 502 the winner got (`providerFailed`: nothing changed, retry with the same key, which makes
 * it afresh as a failed refund leaves the request free), not a `refund_exceeds_captured` for an amount that was
 * only held by the refused refund.
 */
const twinRefused = (provider: string, twin: Pick<RefundRow, "id" | "amount">) =>
  new ProblemError(
    502,
    "provider_error",
    `${provider} did not accept refund ${twin.id} of ${twin.amount}, made by a request under this Idempotency-Key at the same time as this one. ` +
      "Nothing was changed; retry with the same Idempotency-Key.",
  );

/**
 * Settles a refund by its provider's answer `r` and answers it: paid out → `succeeded`; `stillPending` → as it
 * stands (`view`); else refused: failed, its reservation given back in the same transaction, and a 502.
 */
async function answerRefund(
  deps: Deps,
  intent: IntentRow,
  refund: Pick<RefundRow, "id" | "intentId" | "amount">,
  view: ReturnType<typeof refundView>,
  r: ModResult,
  stillPending: boolean,
) {
  if (r.ok && r.settled) {
    await settleRefund(deps.db, refund, { status: "succeeded", providerRef: r.ref }, iso(deps.now()));
    return { ...view, status: "succeeded" as const, providerRef: r.ref };
  }
  if (r.ok || stillPending) return view;
  await settleRefund(deps.db, refund, { status: "failed" }, iso(deps.now()));
  throw providerFailed(intent.provider!, r);
}

/**
 * The most requests a client's retry of a refund may spend on reading it (Stripe pages through the charge's refunds,
 * 100 a page): the first page and one more. The client waits on each (up to the provider's timeout), and a request
 * may make few subrequests; a refund beyond them answers as it stands, pending (202), and reconciliation reads on, up
 * to `REFUND_PAGES`, on its run's budget.
 */
export const CLIENT_READ_PAGES = 2;

/** A read's leave to page on, one client request's worth (`CLIENT_READ_PAGES`): the first page is the call itself. */
function clientPages(): () => boolean {
  const pages = callBudget(CLIENT_READ_PAGES - 1);
  return () => pages.take(1);
}

/**
 * A retry of the request that made `refund`: answers that refund, never another; the same key with another
 * request is a 409. A settled one is answered as it is, nothing sent. A pending one is learnt as a capture's or
 * cancel's retry is (`askPending`), when `ask` (not while the same request's own call is under way): within the
 * provider's key window sent again with its own key, past it only read (Stripe), and at a provider with no read
 * (Adyen) answered as it stands, nothing sent. Refused: it failed, its reservation is given back, and a 502 says
 * so (a retry then makes it afresh).
 */
async function refundAgain(deps: Deps, intent: IntentRow, refund: RefundRow, fingerprint: string, ask: boolean) {
  if (refund.requestFingerprint !== null && refund.requestFingerprint !== fingerprint) {
    throw new ProblemError(
      409,
      "idempotency_key_reused",
      `This \`Idempotency-Key\` made refund ${refund.id} of ${refund.amount} on this intent with a different request; use a new key for a new refund.`,
    );
  }
  const view = refundView(refund, intent.currency);
  if (refund.status !== "pending" || !refund.providerKey || !ask) return view;
  const connector = deps.connectors[intent.provider as ProviderName];
  const key = refund.providerKey;
  const lookup = readOf(connector, "refund");
  const read = lookup && (() => lookup(intent.providerRef!, key, clientPages()));
  const learnt = await askPending(deps, refund.createdAt, () => connector.refund(intent.providerRef!, refund.amount, intent.currency, key), read);
  if (!learnt) return view;
  const { r } = learnt;
  // Turned away says nothing of the first call: still pending.
  return answerRefund(deps, intent, refund, view, r, r.ok || r.failure !== "refused");
}
