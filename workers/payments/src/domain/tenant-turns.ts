/**
 * Tenants in turn. A reconciliation queue (stuck charges; refunds; captures and cancels) is read in rounds: every
 * due tenant's next item (round 1), then every one's second…, tenants in each round in order of their id after the
 * queue's cursor (the last tenant whose round-1 item got its look), wrapping round. So a tenant's thousands of due
 * items delay no other tenant's one by more than the run it is due in while fewer tenants than a batch are due, and
 * with more, each due tenant still gets a look every ceil(tenants / batch) runs, however many items it has.
 */

/** An item a run took from a queue, in the order taken: its tenant, its round, and whether it got its look. */
export interface Taken {
  tenantId: string;
  round: number;
  /** False: deferred, the run's calls spent before it; its tenant keeps its place in the rotation. */
  looked: boolean;
}

/**
 * The queue's cursor after a run that began at `after`: the tenant of the last round-1 item looked at before any item
 * was deferred. A tenant whose turn the budget cut off is first in the next run; none is skipped.
 */
export function cursorAfter(taken: readonly Taken[], after: string | null): string | null {
  let next = after;
  for (const t of taken) {
    if (!t.looked) break;
    if (t.round === 1) next = t.tenantId;
  }
  return next;
}
