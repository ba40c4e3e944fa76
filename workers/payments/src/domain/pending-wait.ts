import type { ChargeResult, ModResult } from "../connectors/types";

/**
 * The wait before reconciliation looks again at an item its provider answered "still pending" (holds it, unfinished):
 * 2 minutes after the first such answer in a row, doubling with each one after, to at most 6 hours.
 * - 2 minutes: twice the cron's period, so a charge that was processing for a moment (a card, an Adyen `Received` a
 *   redirect method clears within minutes) is still seen again within minutes, while the first answer already halves
 *   its looks.
 * - Doubling: what stays pending past a few looks is a slow method (SEPA Direct Debit stays `processing` at Stripe for
 *   up to 14 business days; Adyen's bank and voucher methods `Pending`/`Received` for days), for which the provider's
 *   event, not our looks, is the news; after ~8.5 hours (2 + 4 + … + 256 minutes) the wait reaches the cap.
 * - 6 hours: still four looks a day inside the provider's 23-hour key window, and at most 6 hours' delay when the
 *   event was lost. An item pending for its 8 days in the queue (the key window, then `READ_REVIEW_MS` of reads) is
 *   looked at about 40 times, not about 11,500 (once a minute); 5,000 of them, about 14 looks a run at the cap.
 * An answer that says nothing (no answer, a 5xx, a 429: `nextLook` with `pending` false) is no news of the item, so
 * it keeps the pace it had: looked at again in its next turn.
 */
export const FIRST_WAIT_MS = 2 * 60_000;
export const MAX_WAIT_MS = 6 * 60 * 60_000;

/** The wait after the `answers`-th "still pending" answer in a row (1: the first). */
export function pendingWait(answers: number): number {
  const doublings = Math.min(Math.max(answers, 1) - 1, 30);
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** doublings);
}

/** Where one look leaves an item: due again at `dueAtMs` (null: at once, in its turn), after `waits` pending answers in a row. */
export interface NextLook {
  dueAtMs: number | null;
  waits: number;
}

/**
 * After a look at `lookedAtMs` of an item with `waits` pending answers in a row so far: a pending answer waits one
 * more step (`pendingWait`); any other keeps the pace, due in its next turn, its count kept, so an outage of the
 * provider's in the middle does not reset the wait of an item it held pending before and after.
 */
export function nextLook(lookedAtMs: number, pending: boolean, waits: number): NextLook {
  if (!pending) return { dueAtMs: null, waits };
  return { dueAtMs: lookedAtMs + pendingWait(waits + 1), waits: waits + 1 };
}

/**
 * Whether a provider's answer says it holds the item, unfinished: a charge `processing` (Stripe) or `Received`/`Pending`
 * (Adyen), a capture, cancel or refund only received (Adyen) or a refund `pending` (Stripe). Not an answer that says
 * nothing (no answer in time, a 5xx, turned away), nor a read that did not find it.
 */
export function pendingAtProvider(r: ChargeResult | ModResult): boolean {
  return "kind" in r ? r.kind === "unknown" && r.pending === true : r.ok && !r.settled;
}
