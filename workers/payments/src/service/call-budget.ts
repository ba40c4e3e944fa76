/**
 * The provider calls one cron run may make, shared by every reconciler it runs: a Worker invocation may make
 * 50 subrequests on the Free plan (1,000 on paid), and three reconcilers of `RECONCILE_BATCH` items, each up to
 * two calls, would make far more. Set by `RECONCILE_CALL_BUDGET`; this when it is not set.
 */
export const RUN_CALLS = 40;

/** Provider calls left to a run; every reconciler of the run draws from the same one. */
export interface CallBudget {
  readonly left: number;
  /** Takes `n` calls: false, taking none, when fewer are left. */
  take(n: number): boolean;
  /** Gives back `n` calls taken and not made. */
  giveBack(n: number): void;
}

/** A budget of `calls` provider calls, for one run. */
export function callBudget(calls: number): CallBudget {
  let left = Math.max(0, Math.floor(calls));
  return {
    get left() {
      return left;
    },
    take(n) {
      if (n > left) return false;
      left -= n;
      return true;
    },
    giveBack(n) {
      left += n;
    },
  };
}

/** Makes one provider call, counted against what was taken for it. */
export type Call = <T>(send: () => Promise<T>) => Promise<T>;

/**
 * Runs `work` with the most calls it may make (`most`) taken from `budget` before it starts, and gives back
 * those it did not make: an item begun is never cut off between its ask and its read by another reconciler
 * drawing from the same budget meanwhile. Null, nothing done, when fewer are left: the item waits for the next
 * run, its place in the queue kept.
 */
export async function withCalls<R>(budget: CallBudget, most: number, work: (call: Call) => Promise<R>): Promise<{ done: R } | null> {
  if (!budget.take(most)) return null;
  let made = 0;
  const call: Call = (send) => {
    if (made === most) throw new Error(`more than the ${most} provider calls taken for this item`);
    made++;
    return send();
  };
  try {
    return { done: await work(call) };
  } finally {
    budget.giveBack(most - made);
  }
}
