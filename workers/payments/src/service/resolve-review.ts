import type { BatchItem } from "drizzle-orm/batch";
import { InvalidInput, ProblemError, notFound } from "../../../../shared/http/problem";
import type { ProviderName } from "../domain/methods-data";
import { refFits, refShape } from "../domain/provider-refs";
import { chargeAttemptName, pendingModificationName, settledBy } from "../domain/reconcile";
import { decidedText, refNeeded, sameDecision, type ReviewKind, type ReviewOutcome } from "../domain/review";
import type { Route } from "../domain/routing";
import { attemptByRef, completeAttemptQuery, findIntent, findRefund, isRefTaken, lastAttempt, moveIntentQuery, releaseModificationQuery, settleRefundQueries, type IntentRow } from "../store/intents";
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
  /** The settlement the operator's word makes, as its provider's answer would, each statement guarded by `recorded(r)`. */
  settle: (r: Resolution) => BatchItem<"sqlite">[];
}

/** A charge's payment reference some other attempt holds; its ids only when it is the tenant's own. */
const refInUse = (provider: ProviderName, ref: string, taken?: { attemptNo: number; intentId: string }) =>
  new ProblemError(
    409,
    "provider_ref_in_use",
    `${ref} is already ${provider}'s reference of ${taken ? `attempt ${taken.attemptNo} of ${taken.intentId}` : "another payment"}: one payment settles one attempt.`,
  );

/** A resolve naming no item on an intent that has had more than one in review: which one it means is not known. */
const referenceRequired = (id: string) =>
  new InvalidInput(
    422,
    "reference_required",
    `More than one item on ${id} has been in review: name the one this resolves by its reference, as the review list shows it.`,
    [{ path: "reference", message: "required: more than one item on this intent has been in review" }],
  );

const notInReview = (id: string) =>
  new ProblemError(409, "not_in_review", `${id} has nothing in review: it was settled meanwhile by the provider's notification, or never went there. Read it to see where it stands.`);

/** The intent's route with one more line in its trace. */
const traced = (intent: IntentRow, line: string) => {
  const route = JSON.parse(intent.route) as Route;
  return JSON.stringify({ ...route, trace: [...route.trace, `review: ${line}`] });
};

/**
 * Settles an item in review by what an operator found at the provider, with the settlement the provider's answer
 * would make, and never a call to the provider (nothing is sent again, so nothing can be charged, captured or
 * refunded twice):
 * - a capture or cancel done moves the intent as `captureIntent`/`cancelIntent` and reconciliation do, under the
 *   claim's own key; not done lets the claim go, as a refusal does (a new capture or cancel may then be made);
 * - a refund done succeeds with the provider's reference of it; not done fails with its held amount given back
 *   (`not_done_at`: the provider's later word that it paid out revives it);
 * - a charge stuck in `processing` done, with the provider's reference of the payment, is authorised there: the
 *   intent succeeds (`requires_capture` when captured by hand), as that answer to its attempt would settle it; not
 *   done (refused, cancelled, expired or never there) fails the intent, and the provider's later word that it
 *   charged after all revives it, flagged (`applyEvent`). A payment still pending at the provider is not resolved:
 *   its notification settles it.
 * The move is guarded as reconciliation's are: only while the item is in review as it was read (a charge at the
 * intent's version, with no newer attempt; a claim by its key), and the resolution is recorded in the same
 * transaction, once per item, so of two resolutions, or a resolution and the provider's event, one settles it.
 * A retry of a resolution already applied (its answer lost, its Idempotency-Key released) is answered as it was,
 * by that record; another outcome is a 409 naming what was decided. Answers the intent's id.
 * An intent may have items in review one after another (a charge, then its capture): `reference` (the list's) names
 * the one meant, so a late retry of one item's word never settles the next, and is answered by its own record. It
 * may be left out while that is unambiguous: an intent with no item resolved before (422 `reference_required`
 * otherwise, whatever is in review now). A refund is one item, so its id alone names it.
 */
export async function resolveReview(deps: Deps, tenantId: string, id: string, outcome: ReviewOutcome, providerRef?: string, reference?: string): Promise<string> {
  const now = iso(deps.now());
  const found = await inReview(deps, tenantId, id);
  const item = found && (reference === undefined || reference === found.reference) ? found : null;
  if (item) {
    if (reference === undefined && (await resolutionsOn(deps.db, tenantId, id)).length > 0) throw referenceRequired(id);
    const ref = await refFor(deps, tenantId, item, outcome, providerRef);
    const r: Resolution = { itemKey: item.key, tenantId, subjectId: id, intentId: item.intentId, kind: item.kind, outcome, providerRef: ref, resolvedAt: now };
    const settled = await resolveInReview(deps.db, r, item.found, item.settle(r)).catch((err: unknown) => {
      // Another tenant's attempt holds it (the check sees only the tenant's own), or one settled with it meanwhile.
      throw isRefTaken(err) ? refInUse(item.provider, ref!) : err;
    });
    if (settled) return item.intentId;
  }
  // Not in review (any more): resolved already, or settled otherwise. After a lost race, only this item's record counts.
  const decided = item ? await resolutionOf(deps.db, item.key) : await resolutionNamed(deps, tenantId, id, reference);
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
  return providerRef;
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
      settle: (r) => {
        const to = r.outcome === "done" ? { status: "succeeded" as const, providerRef: r.providerRef! } : { status: "failed" as const, notDoneAt: r.resolvedAt };
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
    settle: (r) => {
      const guard = { tenantId: intent.tenantId, now: r.resolvedAt, version: intent.version, noAttemptAfter: last.attemptNo, onlyIf: recorded(r) };
      if (r.outcome === "not_done") {
        const why = `${name} marked not done at review (not charged at ${provider})`;
        const route = traced(intent, `${name} marked not done (not charged at ${provider})`);
        return [moveIntentQuery(deps.db, intent.id, ["processing"], { status: "failed", lastError: why, route }, guard)];
      }
      const ref = r.providerRef!;
      const set = settledBy({ kind: "authorized", ref, captured: intent.captureMethod === "automatic", code: "review" }, intent)!;
      return [
        moveIntentQuery(deps.db, intent.id, ["processing"], { ...set, provider, route: traced(intent, `${name} marked done (authorised at ${provider} as ${ref})`) }, guard),
        completeAttemptQuery(deps.db, intent.id, last.attemptNo, { status: "authorized", code: "marked done at review", outcome: "success", providerRef: ref }, recorded(r)),
      ];
    },
  };
}
