import { catalogRpc, MAX_LISTED_HOLDS, type ListedHold } from "../../../shared/rpc/catalog";
import { COMPLAINT_HOLD_PREFIX, complaintHoldSource, complaintOfHold } from "./domain/complaints";
import { lapsedCounterNotices, restoreComplaint, unrecordedComplaints, type LapsedComplaint } from "./store/complaints";
import { db } from "./store/db";
import { advanceHoldSweep, holdSweepCursor } from "./store/hold-sweep";

/** What one run may spend restoring: D1 queries (of D1's 1,000 an invocation; the orphan sweep runs beside it) and wall time. */
export interface RestoreBudget {
  queries: number;
  ms: number;
}

const RESTORE_BUDGET: RestoreBudget = { queries: 600, ms: 60_000 };

/** D1 queries one restore may cost: its move's two statements, and the recheck when the batch fails. */
const QUERIES_A_RESTORE = 3;

/** Lapsed complaints read a query. */
const RESTORE_PAGE = 50;

/**
 * A create places its complaint's hold before it writes the complaint, so a younger hold with no complaint
 * may be a create still in flight; only older ones can be orphans.
 */
const ORPHAN_AFTER_MS = 10 * 60_000;

/** What one run did: the complaints it dealt with, and those it must try again. */
export interface CronOutcome {
  done: string[];
  failed: string[];
}

/**
 * Ends lapsed counter-notice windows: each countered complaint whose `dueAt` passed with no court action
 * has its own hold released first (release is idempotent, so a run that dies between the two steps is
 * repeated by the next), then moves to `restored` with its history entry. A hold of another source (a
 * clearance verdict, another complaint) keeps the listing held. Pages on, tenants in turn, until none is
 * due or the budget is spent; a complaint that fails waits for the next run.
 */
export async function restoreLapsed(env: Env, budget: RestoreBudget = RESTORE_BUDGET): Promise<CronOutcome> {
  const d = db(env.DB);
  const out: CronOutcome = { done: [], failed: [] };
  const until = Date.now() + budget.ms;
  let queries = budget.queries;
  for (;;) {
    const room = Math.min(RESTORE_PAGE, Math.floor((queries - 1) / QUERIES_A_RESTORE));
    if (room <= 0 || Date.now() >= until) break;
    queries -= 1;
    const page = await lapsedCounterNotices(env.DB, room, out.failed);
    let failed = 0;
    for (const c of page) {
      if (Date.now() >= until) break;
      queries -= QUERIES_A_RESTORE;
      const outcome = await restoreOne(env, d, c);
      if (outcome !== "moved_on") out[outcome].push(c.id);
      if (outcome === "failed") failed += 1;
    }
    // A short page was the last; a page that failed whole means the catalog or D1 is down: wait for the next run.
    if (page.length < room || failed === page.length) break;
  }
  return out;
}

/** Releases one lapsed complaint's hold and marks it restored; "moved_on" when it left `countered` meanwhile. */
async function restoreOne(env: Env, d: ReturnType<typeof db>, c: LapsedComplaint): Promise<"done" | "failed" | "moved_on"> {
  try {
    const listing = await catalogRpc(env.CATALOG).release(c.tenantId, c.listingId, `IP complaint ${c.id}: no court action by ${c.dueAt}`, complaintHoldSource(c.id));
    const note = `no court action reported by ${c.dueAt}; complaint hold released, listing ${listing?.status ?? "no longer exists"}`;
    return (await restoreComplaint(d, c, note, new Date().toISOString())) ? "done" : "moved_on";
  } catch (err) {
    console.error(`restoring complaint ${c.id} failed`, err);
    return "failed";
  }
}

/**
 * Releases complaint holds whose complaint was never recorded (the Worker died between the hold and the
 * row, or the compensating release failed). Reads one page of holds older than ORPHAN_AFTER_MS from where
 * the last run stopped, so each hold is looked at once; a release that fails stops the page there, for
 * the next run to try again.
 */
export async function sweepOrphanHolds(env: Env, now: number): Promise<CronOutcome> {
  const d = db(env.DB);
  const catalog = catalogRpc(env.CATALOG);
  const out: CronOutcome = { done: [], failed: [] };
  const holds = await catalog.listHolds(COMPLAINT_HOLD_PREFIX, new Date(now - ORPHAN_AFTER_MS).toISOString(), MAX_LISTED_HOLDS, (await holdSweepCursor(d)) ?? undefined);
  const orphans = new Set(await unrecordedComplaints(d, holds.map((h) => complaintOfHold(h.source))));
  let last: ListedHold | undefined;
  for (const h of holds) {
    const id = complaintOfHold(h.source);
    if (orphans.has(id)) {
      try {
        await catalog.release(h.tenantId, h.listingId, `orphaned hold: complaint ${id} was never recorded`, h.source);
        out.done.push(id);
      } catch (err) {
        console.error(`releasing the orphaned hold of complaint ${id} failed`, err);
        out.failed.push(id);
        break;
      }
    }
    last = h;
  }
  if (last) await advanceHoldSweep(d, last, new Date(now).toISOString());
  return out;
}
