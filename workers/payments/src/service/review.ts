import { formatMoney } from "../../../../shared/money/format";
import { InvalidInput, ProblemError, notFound } from "../../../../shared/http/problem";
import type { Connector } from "../connectors/types";
import type { ProviderName } from "../domain/methods-data";
import { pendingModificationName } from "../domain/reconcile";
import { reviewCheck, reviewWhy, type ReviewKind } from "../domain/review";
import type { Route } from "../domain/routing";
import { findIntent, findRefund, moveIntent, releaseModification, settleRefund, type IntentRow } from "../store/intents";
import { itemsInReview, type ReviewPlace, type ReviewRow } from "../store/review";
import { iso, type Deps } from "./deps";

/**
 * Whether reconciliation reads this kind of item at its provider (as it decides it: `pendingStep`), so one in
 * review went there because that read stayed unclear (`readGivenUp`), not for want of a read.
 */
function hasRead(connector: Connector | undefined, kind: ReviewKind): boolean {
  if (!connector) return false;
  return kind === "refund" ? connector.lookupRefund !== undefined : kind === "charge" ? connector.lookup !== undefined : connector.lookupModification !== undefined;
}

/** An item in review as the API shows it: what, how much, where, since when, why, and what to check there. */
const present = (deps: Deps, r: ReviewRow) => ({
  kind: r.kind,
  intentId: r.intentId,
  refundId: r.refundId,
  amount: r.amount,
  currency: r.currency,
  formattedAmount: formatMoney(r.amount, r.currency, "en"),
  provider: r.provider,
  paymentRef: r.paymentRef,
  reference: r.key,
  sentAt: r.sentAt,
  since: r.since,
  note: reviewWhy(r, hasRead(deps.connectors[r.provider as ProviderName], r.kind)),
  check: reviewCheck(r),
});

/**
 * A page of the tenant's items in review, oldest in review first: at most `limit`, after `after` (the place of
 * the previous page's last one), and the place to go on from when there are more.
 */
export async function reviewPage(deps: Deps, tenantId: string, limit: number, after?: ReviewPlace) {
  const rows = await itemsInReview(deps.db, tenantId, limit + 1, after);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next: ReviewPlace | null = rows.length > limit && last ? { since: last.since, id: last.id, source: last.source } : null;
  return { items: page.map((r) => present(deps, r)), next };
}

/** What the operator found at the provider: the request was carried out, or not (refused, or never there). */
export type ReviewOutcome = "done" | "not_done";

const notInReview = (id: string) =>
  new ProblemError(409, "not_in_review", `${id} has nothing in review: it was settled meanwhile (by the provider's notification or another resolution), or never went there. Read it to see where it stands.`);

/**
 * Settles an item in review by what an operator found at the provider, with the settlement a provider's answer
 * would make: a capture or cancel done moves the intent as `captureIntent`/`cancelIntent` and reconciliation do
 * (the claim's own key guards it, so one the provider's notification settled first, or a new claim, is never
 * moved), one not done is let go as a refusal is; a refund done succeeds with the provider's reference, one not
 * done fails with its held amount given back (`settleRefund`, once). A charge stuck in `processing` is not settled
 * here: its outcome has more to it than done or not (authorised or captured, and at which reference), and its
 * provider's notification settles it. Answers the intent as it now is (its id: `id`'s, or the refund's).
 */
export async function resolveReview(deps: Deps, tenantId: string, id: string, outcome: ReviewOutcome, providerRef?: string): Promise<string> {
  const now = iso(deps.now());
  if (id.startsWith("re_")) {
    const refund = await findRefund(deps.db, tenantId, id);
    if (!refund) throw notFound(`Refund ${id}`);
    if (refund.status !== "pending" || !refund.reviewAt) throw notInReview(id);
    if (outcome === "done" && !providerRef) {
      throw new InvalidInput(422, "provider_ref_required", "Marking a refund done needs the provider's reference of the refund (providerRef).", [{ path: "providerRef", message: "required when outcome is done" }]);
    }
    const settled = await settleRefund(deps.db, refund, outcome === "done" ? { status: "succeeded", providerRef: providerRef! } : { status: "failed", notDoneAt: now }, now);
    if (!settled) throw notInReview(id);
    return refund.intentId;
  }
  const intent = await findIntent(deps.db, tenantId, id);
  if (!intent) throw notFound(`Payment intent ${id}`);
  if (intent.pendingAction && intent.pendingReviewAt) {
    if (!(await settleModification(deps, intent, outcome, now))) throw notInReview(id);
    return id;
  }
  if (intent.status === "processing" && intent.stuckReviewAt) {
    throw new ProblemError(409, "review_not_resolvable", `The charge of ${id} in review settles by ${intent.provider ?? "its provider"}'s notification, not here: see its review item's check.`);
  }
  throw notInReview(id);
}

/** The claim in review moved as its provider's answer would, noted in the intent's trace; false when it is no longer that claim. */
async function settleModification(deps: Deps, intent: IntentRow, outcome: ReviewOutcome, now: string): Promise<boolean> {
  const name = pendingModificationName(intent.pendingAction!, intent.pendingAmount);
  const key = intent.pendingKey!;
  if (outcome === "not_done") return releaseModification(deps.db, intent.id, key, `${name} marked not done at review (not carried out at ${intent.provider})`);
  const route = JSON.parse(intent.route) as Route;
  const trace = [...route.trace, `review: ${name} marked done (carried out at ${intent.provider})`];
  const set = intent.pendingAction === "capture" ? { status: "succeeded" as const, amountCaptured: intent.pendingAmount! } : { status: "canceled" as const };
  const moved = await moveIntent(deps.db, intent.id, [intent.status], { ...set, lastError: null, route: JSON.stringify({ ...route, trace }) }, { tenantId: intent.tenantId, now, pendingKey: key });
  return moved !== null;
}
