import { formatMoney } from "../../../../shared/money/format";
import { readOf } from "../connectors/types";
import type { ProviderName } from "../domain/methods-data";
import { reviewCheck, reviewWhy } from "../domain/review";
import { itemsInReview, type ReviewPlace, type ReviewRow } from "../store/review";
import type { Deps } from "./deps";

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
  // Worded as reconciliation noted it: a provider with a read of this kind sent it here because that read stayed unclear.
  note: reviewWhy(r, readOf(deps.connectors[r.provider as ProviderName], r.kind) !== undefined),
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
