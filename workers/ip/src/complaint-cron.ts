import { catalogRpc, MAX_LISTED_HOLDS, type ListedHold } from "../../../shared/rpc/catalog";
import { COMPLAINT_HOLD_PREFIX, complaintHoldSource, complaintOfHold } from "./domain/complaints";
import { lapsedCounterNotices, restoreComplaint, unrecordedComplaints } from "./store/complaints";
import { db } from "./store/db";
import { advanceHoldSweep, holdSweepCursor } from "./store/hold-sweep";

/** Complaints restored a run at most (each costs a catalog RPC); the rest wait for the next run. */
const RESTORE_BATCH = 25;

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
 * clearance verdict, another complaint) keeps the listing held.
 */
export async function restoreLapsed(env: Env): Promise<CronOutcome> {
  const d = db(env.DB);
  const out: CronOutcome = { done: [], failed: [] };
  for (const c of await lapsedCounterNotices(d, RESTORE_BATCH)) {
    try {
      const listing = await catalogRpc(env.CATALOG).release(c.tenantId, c.listingId, `IP complaint ${c.id}: no court action by ${c.dueAt}`, complaintHoldSource(c.id));
      const note = `no court action reported by ${c.dueAt}; complaint hold released, listing ${listing?.status ?? "no longer exists"}`;
      if (await restoreComplaint(d, c, note, new Date().toISOString())) out.done.push(c.id);
    } catch (err) {
      console.error(`restoring complaint ${c.id} failed`, err);
      out.failed.push(c.id);
    }
  }
  return out;
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
