import type { BatchItem } from "drizzle-orm/batch";
import { InvalidInput, ProblemError, notFound } from "../../../../shared/http/problem";
import { readOf } from "../connectors/types";
import type { ProviderName } from "../domain/methods-data";
import { paymentMismatch, type PaymentShown } from "../domain/payment-check";
import { refFits, refShape } from "../domain/provider-refs";
import { refundMismatch, type RefundFacts } from "../domain/refund-check";
import { chargeAttemptName, pendingModificationName, settledBy } from "../domain/reconcile";
import { decidedText, refNeeded, sameDecision, type ReviewKind, type ReviewOutcome } from "../domain/review";
import type { Route } from "../domain/routing";
import {
  attemptByRef,
  completeAttemptQuery,
  findIntent,
  findRefund,
  isRefTaken,
  lastAttempt,
  loadIntent,
  moveIntentQuery,
  refundByRef,
  releaseModificationQuery,
  settleRefundQueries,
  type IntentRow,
} from "../store/intents";
import { wasClaimed } from "../store/modification-claims";
import { recorded, resolutionOf, resolutionsOn, resolveInReview, type FoundInReview, type Resolution } from "../store/review";
import { iso, type Deps } from "./deps";

/** An item found in review, with what resolving it takes: its own key, its provider, and how it settles. */
interface Item {
  found: FoundInReview;
  kind: ReviewKind;
  intentId: string;
  /** Unique to the item (a refund's id, a claim's key, a charge attempt's idempotency key): one resolution per key. */
  key: string;
  /** What the review list shows as its `reference`: its key, but a refund made before 0025's provider key. */
  reference: string;
  provider: ProviderName;
  /** For a charge: its amount and currency, which the payment the operator names must have. */
  charge?: { amount: number; currency: string };
  /** For a refund: its payment, amount, currency and key, which the refund the operator names must have. */
  refund?: RefundFacts;
  /**
   * The settlement the operator's word makes, as its provider's answer would, each statement guarded by `recorded(r)`;
   * for a charge marked done, by what its provider showed of the payment, where it has a read (`shown`).
   */
  settle: (r: Resolution, shown?: PaymentShown) => BatchItem<"sqlite">[];
}

/** A charge's payment reference some other attempt holds; its ids only when it is the tenant's own. */
const refInUse = (provider: ProviderName, ref: string, taken?: { attemptNo: number; intentId: string }) =>
  new ProblemError(
    409,
    "provider_ref_in_use",
    `${ref} is already ${provider}'s reference of ${taken ? `attempt ${taken.attemptNo} of ${taken.intentId}` : "another payment"}: one payment settles one attempt.`,
  );

/**
 * A refund reference another of the intent's refunds holds: one refund at the provider settles one of ours. (A refund the
 * provider shows is on the intent's payment, `refundAt`, so any of ours it could be is the same intent's.)
 */
const refundRefInUse = (provider: ProviderName, ref: string, twin: string) =>
  new ProblemError(409, "provider_ref_in_use", `${ref} is already ${provider}'s reference of refund ${twin}: one refund at ${provider} settles one of ours.`);

/** A resolve naming no item on an intent that has had more than one in review: which one it means is not known. */
const referenceRequired = (id: string) =>
  new InvalidInput(
    422,
    "reference_required",
    `More than one item on ${id} has been in review: name the one this resolves by its reference, as the review list shows it.`,
    [{ path: "reference", message: "required: more than one item on this intent has been in review" }],
  );

/** A `reference` that is no item of `id`'s: not one in review or resolved, nor any it sent to the provider. */
const unknownReference = (id: string, reference: string) =>
  new InvalidInput(422, "unknown_reference", `${reference} is not the reference of any item of ${id}: name the item by its reference, as the review list shows it.`, [
    { path: "reference", message: `not an item of ${id}` },
  ]);

const notInReview = (id: string) =>
  new ProblemError(409, "not_in_review", `${id} has nothing in review: it was settled meanwhile by the provider's notification, or never went there. Read it to see where it stands.`);

/** The intent's route with one more line in its trace. */
const traced = (intent: IntentRow, line: string) => {
  const route = JSON.parse(intent.route) as Route;
  return JSON.stringify({ ...route, trace: [...route.trace, `review: ${line}`] });
};

/**
 * Settles an item in review by what an operator found at the provider, with the settlement the provider's answer
 * would make, and never a call that acts at the provider (nothing is sent again, so nothing can be charged, captured
 * or refunded twice; at most the payment a charge, or the refund a refund, is marked done with is read):
 * - a capture or cancel done moves the intent as `captureIntent`/`cancelIntent` and reconciliation do, under the
 *   claim's own key; not done lets the claim go, as a refusal does (a new capture or cancel may then be made);
 * - a refund done succeeds with the provider's reference of it, where the provider reads refunds by reference
 *   (Stripe) only once it shows that refund as this one, paid out (`refundAt`); not done fails with its held amount
 *   given back (the provider's later word that it paid out revives it: `reviveRefund`, by this resolution);
 * - a charge stuck in `processing` done, with the provider's reference of the payment, is authorised there: the
 *   intent succeeds (`requires_capture` when captured by hand), as that answer to its attempt would settle it; where
 *   the provider reads payments by reference (Stripe), only once it shows that payment as this charge's, and as it
 *   shows it (`paymentAt`). Not done (refused, cancelled, expired or never there) fails the intent, and the
 *   provider's later word that it charged after all revives it, and reverses it (`reverseLateCharge`). A payment
 *   still pending at the provider is not resolved: its notification settles it.
 * The move is guarded as reconciliation's are: only while the item is in review as it was read (a charge at the
 * intent's version, with no newer attempt; a claim by its key), and the resolution is recorded in the same
 * transaction, once per item, so of two resolutions, or a resolution and the provider's event, one settles it.
 * A retry of a resolution already applied (its answer lost, its Idempotency-Key released) is answered as it was,
 * by that record; another outcome is a 409 naming what was decided. Answers the intent's id.
 * An intent may have items in review one after another (a charge, then its capture): `reference` (the list's) names
 * the one meant, so a late retry of one item's word never settles the next, and is answered by its own record. It
 * may be left out while that is unambiguous: an intent with no item resolved before (422 `reference_required`
 * otherwise, whatever is in review now). A refund is one item, so its id alone names it. A `reference` that names
 * no item of the intent (or is not the refund's) is a 422 `unknown_reference`, told apart from an item that was
 * settled meanwhile (409 `not_in_review`).
 */
export async function resolveReview(deps: Deps, tenantId: string, id: string, outcome: ReviewOutcome, providerRef?: string, reference?: string): Promise<string> {
  const now = iso(deps.now());
  const found = await inReview(deps, tenantId, id);
  const named = reference === undefined || reference === found?.reference;
  if (!named && !(await isItemOf(deps, tenantId, id, reference))) throw unknownReference(id, reference);
  const item = found && named ? found : null;
  if (item) {
    if (reference === undefined && (await resolutionsOn(deps.db, tenantId, id)).length > 0) throw referenceRequired(id);
    const ref = await refFor(deps, tenantId, item, outcome, providerRef);
    const shown = ref !== null && item.charge ? await paymentAt(deps, item, item.charge, ref) : undefined;
    if (ref !== null && item.refund) await refundAt(deps, item, item.refund, ref);
    const r: Resolution = { itemKey: item.key, tenantId, subjectId: id, intentId: item.intentId, kind: item.kind, outcome, providerRef: ref, resolvedAt: now };
    const settled = await resolveInReview(deps.db, r, item.found, item.settle(r, shown)).catch((err: unknown) => {
      // Another tenant's attempt holds it (the check sees only the tenant's own), or one settled with it meanwhile.
      throw isRefTaken(err) ? refInUse(item.provider, ref!) : err;
    });
    if (settled) return item.intentId;
  }
  // Not in review (any more): resolved already, or settled otherwise. After a lost race, only this item's record counts.
  const decided = item ? await resolutionOf(deps.db, item.key) : await resolutionNamed(deps, tenantId, id, reference);
  if (!decided && item?.refund && outcome === "done" && providerRef) {
    // Its record is refused while another of the intent's refunds holds the reference (`resolveInReview`): taken meanwhile.
    const twin = await refundByRef(deps.db, item.intentId, providerRef, item.key);
    if (twin) throw refundRefInUse(item.provider, providerRef, twin);
  }
  if (!decided) throw notInReview(id);
  if (!sameDecision(decided, outcome, providerRef)) throw new ProblemError(409, "review_resolved", decidedText(decided));
  return decided.intentId;
}

/** The resolution a resolve of an item no longer in review asks again: the named one's, or the only one on `id`. */
async function resolutionNamed(deps: Deps, tenantId: string, id: string, reference: string | undefined): Promise<Resolution | null> {
  const refund = id.startsWith("re_");
  const [decided, other] = await resolutionsOn(deps.db, tenantId, id, refund ? undefined : reference);
  if (other && !refund && reference === undefined) throw referenceRequired(id);
  return decided ?? null;
}

/**
 * The provider reference an outcome takes, checked: done on a refund or a charge needs the provider's reference of
 * it, shaped as that provider's are (422 otherwise), and a charge's must not already name another of the tenant's
 * attempts' payment (409; another tenant's, or one settled meanwhile, is found by the write: `payment_attempts_ref`).
 * Null where none is taken (it is not kept).
 */
async function refFor(deps: Deps, tenantId: string, item: Item, outcome: ReviewOutcome, providerRef: string | undefined): Promise<string | null> {
  const needs = outcome === "done" ? refNeeded(item.kind) : null;
  if (!needs) return null;
  const shape = refShape(item.provider, needs);
  if (!providerRef) {
    throw new InvalidInput(422, "provider_ref_required", `Marking a ${item.kind} done needs ${item.provider}'s reference of the ${needs} (providerRef): ${shape}.`, [
      { path: "providerRef", message: "required when outcome is done" },
    ]);
  }
  if (!refFits(item.provider, needs, providerRef)) {
    throw new InvalidInput(422, "provider_ref_mismatch", `providerRef is not ${item.provider}'s reference of a ${needs}: expected ${shape}.`, [{ path: "providerRef", message: `expected ${shape}` }]);
  }
  const taken = needs === "payment" ? await attemptByRef(deps.db, item.provider, providerRef, tenantId) : null;
  if (taken) throw refInUse(item.provider, providerRef, taken);
  const twin = needs === "refund" ? await refundByRef(deps.db, item.intentId, providerRef, item.key) : null;
  if (twin) throw refundRefInUse(item.provider, providerRef, twin);
  return providerRef;
}

/**
 * Whether `reference` names an item of `id` not in review now: one resolved at review, a charge attempt the intent
 * sent, a capture or cancel ever claimed on it (pending or settled: `payment_modification_claims` keeps each key), or
 * the refund itself (one item: its own reference).
 */
async function isItemOf(deps: Deps, tenantId: string, id: string, reference: string): Promise<boolean> {
  if (id.startsWith("re_")) {
    const refund = await findRefund(deps.db, tenantId, id);
    return refund !== null && (refund.providerKey ?? refund.id) === reference;
  }
  if ((await resolutionsOn(deps.db, tenantId, id, reference)).length > 0 || (await wasClaimed(deps.db, tenantId, id, reference))) return true;
  const loaded = await loadIntent(deps.db, tenantId, id);
  return loaded !== null && (loaded.intent.pendingKey === reference || loaded.attempts.some((a) => a.idempotencyKey === reference));
}

/**
 * The payment `ref` as the charge's provider shows it, read before the charge is settled by it, where the provider
 * has a read of a payment by its reference (Stripe): refused when the provider does not know it (422
 * `provider_ref_unknown`) or shows another payment than the charge's, by intent, amount or currency, or one not
 * authorised (422 `provider_ref_mismatch`); a 502 when it gives no clear answer, and nothing is settled. Undefined
 * where the provider has no such read (Adyen: no "get payment" call): the operator's word, checked for shape and
 * reuse only, is taken as it is, as before.
 */
async function paymentAt(deps: Deps, item: Item, charge: { amount: number; currency: string }, ref: string): Promise<PaymentShown | undefined> {
  const read = readOf(deps.connectors[item.provider], "payment");
  if (!read) return undefined;
  const r = await read(ref);
  const refused = (code: string, detail: string, message: string) => new InvalidInput(422, code, detail, [{ path: "providerRef", message }]);
  if ("unknown" in r) throw new ProblemError(502, "provider_error", `${item.provider} did not show ${ref} (${r.unknown}): nothing was settled; try again.`);
  if ("notFound" in r) throw refused("provider_ref_unknown", `${item.provider} has no payment ${ref}: nothing was settled.`, `not known to ${item.provider}`);
  const why = paymentMismatch(r.shown, { intentId: item.intentId, ...charge });
  if (why) throw refused("provider_ref_mismatch", `${ref} at ${item.provider} is not the payment of this charge: ${why}. Nothing was settled.`, "not this charge's payment");
  return r.shown;
}

/**
 * The refund `ref` as the refund's provider shows it, read before the refund is settled done by it, where the provider
 * has a read of a refund by its reference (Stripe): refused when the provider does not know it (422
 * `provider_ref_unknown`), or shows another refund than this one (another payment's, another of our refunds', another
 * amount or currency) or one not paid out, still pending or failed there (422 `provider_ref_mismatch`); a 502 when
 * it gives no clear answer, and nothing is settled. Where the provider has no such read (Adyen: no "get refund"
 * call), the operator's word, checked for shape only, is taken as it is.
 */
async function refundAt(deps: Deps, item: Item, refund: RefundFacts, ref: string): Promise<void> {
  const read = readOf(deps.connectors[item.provider], "refundRef");
  if (!read) return;
  const r = await read(ref);
  const refused = (code: string, detail: string, message: string) => new InvalidInput(422, code, detail, [{ path: "providerRef", message }]);
  if ("unknown" in r) throw new ProblemError(502, "provider_error", `${item.provider} did not show ${ref} (${r.unknown}): nothing was settled; try again.`);
  if ("notFound" in r) throw refused("provider_ref_unknown", `${item.provider} has no refund ${ref}: nothing was settled.`, `not known to ${item.provider}`);
  const why = refundMismatch(r.shown, refund);
  if (why) throw refused("provider_ref_mismatch", `${ref} at ${item.provider} is not ${refund.refundId} paid out: ${why}. Nothing was settled.`, "not this refund, paid out");
}

/** What is in review on `id` (a refund's id, or an intent's), or null; a 404 when the tenant has no such refund or intent. */
async function inReview(deps: Deps, tenantId: string, id: string): Promise<Item | null> {
  if (id.startsWith("re_")) {
    const refund = await findRefund(deps.db, tenantId, id);
    if (!refund) throw notFound(`Refund ${id}`);
    if (refund.status !== "pending" || !refund.reviewAt) return null;
    const intent = (await findIntent(deps.db, tenantId, refund.intentId))!;
    return {
      found: { kind: "refund", refundId: id },
      kind: "refund",
      intentId: intent.id,
      key: id,
      reference: refund.providerKey ?? id,
      provider: intent.provider as ProviderName,
      refund: { refundId: id, paymentRef: intent.providerRef!, amount: refund.amount, currency: intent.currency, key: refund.providerKey },
      settle: (r) => {
        // Not done is this resolution's record alone: a later word from the provider that it paid out revives it by it.
        const to = r.outcome === "done" ? { status: "succeeded" as const, providerRef: r.providerRef! } : { status: "failed" as const };
        const { settle, release } = settleRefundQueries(deps.db, refund, to, r.resolvedAt, ["pending"], recorded(r));
        return release ? [release, settle] : [settle];
      },
    };
  }
  const intent = await findIntent(deps.db, tenantId, id);
  if (!intent) throw notFound(`Payment intent ${id}`);
  if (intent.pendingAction && intent.pendingReviewAt) return modificationInReview(deps, intent);
  if (intent.status === "processing" && intent.stuckReviewAt) return chargeInReview(deps, intent);
  return null;
}

/** A capture or cancel in review: done moves the intent under the claim's key, not done lets the claim go. */
function modificationInReview(deps: Deps, intent: IntentRow): Item {
  const action = intent.pendingAction!;
  const key = intent.pendingKey!;
  const name = pendingModificationName(action, intent.pendingAmount);
  return {
    found: { kind: action, intentId: intent.id, key, status: intent.status },
    kind: action,
    intentId: intent.id,
    key,
    reference: key,
    provider: intent.provider as ProviderName,
    settle: (r) => {
      if (r.outcome === "not_done") return [releaseModificationQuery(deps.db, intent.id, key, `${name} marked not done at review (not carried out at ${intent.provider})`, recorded(r))];
      const set = action === "capture" ? { status: "succeeded" as const, amountCaptured: intent.pendingAmount! } : { status: "canceled" as const };
      const route = traced(intent, `${name} marked done (carried out at ${intent.provider})`);
      return [moveIntentQuery(deps.db, intent.id, [intent.status], { ...set, lastError: null, route }, { tenantId: intent.tenantId, now: r.resolvedAt, pendingKey: key, onlyIf: recorded(r) })];
    },
  };
}

/**
 * A charge stuck in review, by its last attempt (the one reconciliation decided on): done settles it as that
 * attempt's answer "authorised" with the operator's reference would, not done fails it. Moved only from
 * `processing` at the version read and with no newer attempt, as reconciliation moves it.
 */
async function chargeInReview(deps: Deps, intent: IntentRow): Promise<Item> {
  const last = (await lastAttempt(deps.db, intent.id))!;
  const name = chargeAttemptName(last.attemptNo);
  const provider = last.provider as ProviderName;
  return {
    found: { kind: "charge", intentId: intent.id, version: intent.version, attemptNo: last.attemptNo },
    kind: "charge",
    intentId: intent.id,
    key: last.idempotencyKey,
    reference: last.idempotencyKey,
    provider,
    charge: { amount: intent.amount, currency: intent.currency },
    settle: (r, shown) => {
      const guard = { tenantId: intent.tenantId, now: r.resolvedAt, version: intent.version, noAttemptAfter: last.attemptNo, onlyIf: recorded(r) };
      if (r.outcome === "not_done") {
        const why = `${name} marked not done at review (not charged at ${provider})`;
        const route = traced(intent, `${name} marked not done (not charged at ${provider})`);
        return [moveIntentQuery(deps.db, intent.id, ["processing"], { status: "failed", lastError: why, route }, guard)];
      }
      const ref = r.providerRef!;
      // As the provider shows it where it was read (captured or not, and how much), else as the intent asked.
      const captured = shown?.result.kind === "authorized" ? shown.result.captured : intent.captureMethod === "automatic";
      const set = { ...settledBy({ kind: "authorized", ref, captured, code: "review" }, intent)!, ...(captured && shown ? { amountCaptured: shown.captured! } : {}) };
      return [
        moveIntentQuery(deps.db, intent.id, ["processing"], { ...set, provider, route: traced(intent, `${name} marked done (authorised at ${provider} as ${ref})`) }, guard),
        completeAttemptQuery(deps.db, intent.id, last.attemptNo, { status: "authorized", code: "marked done at review", outcome: "success", providerRef: ref }, recorded(r)),
      ];
    },
  };
}
