import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { ipComplaintEvents, ipComplaints, type CourtAction } from "../../../../shared/db/schema";
import { newId } from "../../../../shared/ids";
import type { Db } from "./db";

export type ComplaintRow = typeof ipComplaints.$inferSelect;
export type ComplaintEvent = typeof ipComplaintEvents.$inferSelect;

/**
 * A received complaint's first history entry, with the statements that write it and the complaint: the
 * route commits those with its answer (commitIdempotent), so a retry under the same key writes nothing twice.
 */
export function newComplaint(db: Db, row: ComplaintRow, note: string) {
  const event: ComplaintEvent = { id: newId("cmpe"), complaintId: row.id, status: row.status, note, at: row.receivedAt };
  return { event, writes: [db.insert(ipComplaints).values(row), db.insert(ipComplaintEvents).values(event)] as const };
}

export async function getComplaint(db: Db, tenantId: string, id: string): Promise<{ row: ComplaintRow; events: ComplaintEvent[] } | null> {
  const [row] = await db.select().from(ipComplaints).where(and(eq(ipComplaints.tenantId, tenantId), eq(ipComplaints.id, id)));
  if (!row) return null;
  const events = await db.select().from(ipComplaintEvents).where(eq(ipComplaintEvents.complaintId, id)).orderBy(asc(ipComplaintEvents.id));
  return { row, events };
}

/** D1's own UTC date: the court-action and restore conditions read one clock, so no two requests see a window both open and closed. */
const d1Today = sql<string>`date('now')`;

/**
 * A move of one of the tenant's complaints out of status `from` (and only while `also` holds too): the
 * complaint and its history entry as they will read, with the statements that write them. A route commits
 * those with its answer (commitIdempotent), so no read after the write can fail and free the
 * Idempotency-Key. The update sets the status to NULL unless the complaint is still `from` and `also` holds:
 * the column is NOT NULL, so a move that lost the race fails its whole batch and nothing is written, neither
 * the move, nor its event, nor an answer (see `recheck`). D1 runs one write at a time, so of two concurrent
 * moves one lands.
 */
function complaintMove<C extends Pick<ComplaintRow, "tenantId" | "id">>(
  db: Db,
  c: C,
  from: ComplaintRow["status"],
  set: Partial<ComplaintRow> & Pick<ComplaintRow, "status">,
  note: string,
  at: string,
  also?: SQL,
) {
  const mayMove = and(eq(ipComplaints.status, from), also)!;
  const thisOne = and(eq(ipComplaints.tenantId, c.tenantId), eq(ipComplaints.id, c.id));
  const event: ComplaintEvent = { id: newId("cmpe"), complaintId: c.id, status: set.status, note, at };
  const writes = [
    db.update(ipComplaints).set({ ...set, status: sql`CASE WHEN ${mayMove} THEN ${set.status} END` }).where(thisOne),
    db.insert(ipComplaintEvents).values(event),
  ] as const;
  /**
   * The complaint's status and due date as D1 has them now, whether it would still take this move, and whether
   * this move's own event is there (D1 can fail a batch it did commit): what tells a refused batch from a failed one.
   */
  const recheck = async (): Promise<{ status: ComplaintRow["status"]; dueAt: string; allowed: boolean; landed: boolean } | null> => {
    const [now] = await db
      .select({
        status: ipComplaints.status,
        dueAt: ipComplaints.dueAt,
        allowed: sql<number>`CASE WHEN ${mayMove} THEN 1 ELSE 0 END`,
        landed: sql<number>`EXISTS (SELECT 1 FROM ${ipComplaintEvents} WHERE ${ipComplaintEvents.id} = ${event.id})`,
      })
      .from(ipComplaints)
      .where(thisOne);
    return now ? { ...now, allowed: now.allowed === 1, landed: now.landed === 1 } : null;
  };
  return { row: { ...c, ...set }, event, writes, recheck };
}
export type ComplaintMove = ReturnType<typeof complaintMove<ComplaintRow>>;

/**
 * The tenant's answer to a complaint still open; a counter-notice only while its answer window (the complaint's
 * `dueAt`, by D1's UTC date) is open, or it would start a fresh window long after the tenant's own had closed.
 */
export const answerComplaint = (
  db: Db,
  c: ComplaintRow,
  status: "accepted" | "countered",
  response: Record<string, unknown>,
  dueAt: string,
  note: string,
  at: string,
) => complaintMove(db, c, "open", { status, response, dueAt }, note, at, status === "countered" ? gte(ipComplaints.dueAt, d1Today) : undefined);

/**
 * The complainant's court action (`in_court`, the listing stays held) on a countered complaint whose window
 * is open by D1's date. The cron reads the same date, so a court action and a restore cannot both land,
 * whatever either side's own clock says near midnight.
 */
export const recordCourtAction = <C extends Pick<ComplaintRow, "tenantId" | "id">>(db: Db, c: C, courtAction: CourtAction, note: string, at: string) =>
  complaintMove(db, c, "countered", { status: "in_court", courtAction }, note, at, gte(ipComplaints.dueAt, d1Today));

/**
 * Marks a countered complaint `restored` once the cron has released its hold; false when it moved on meanwhile.
 * When the batch fails, what D1 holds decides, as for a route's move: this move's own event there means D1
 * committed it before failing (true); a complaint no longer `countered` without it moved on (false); anything
 * else, or a recheck that fails too, throws, for the next run to try again.
 */
export async function restoreComplaint(db: Db, c: Pick<ComplaintRow, "tenantId" | "id">, note: string, at: string): Promise<boolean> {
  const move = complaintMove(db, c, "countered", { status: "restored" }, note, at);
  try {
    await db.batch(move.writes);
    return true;
  } catch (err) {
    const now = await move.recheck().catch(() => null);
    if (now?.landed) return true;
    if (now && !now.allowed) return false;
    throw err;
  }
}

/** A countered complaint whose window closed, as the restore cron needs it. */
export type LapsedComplaint = Pick<ComplaintRow, "id" | "tenantId" | "listingId" | "dueAt">;

/**
 * Countered complaints whose window closed before D1's today, taken in turns across tenants (every
 * tenant's oldest, then every tenant's second oldest…), so one tenant's backlog delays nobody else's
 * restores; `skip` (bound as one JSON array, whatever its length) holds those this run already failed.
 */
export async function lapsedCounterNotices(d1: D1Database, limit: number, skip: readonly string[]): Promise<LapsedComplaint[]> {
  const { results } = await d1
    .prepare(
      `SELECT id, tenant_id AS tenantId, listing_id AS listingId, due_at AS dueAt FROM (
         SELECT id, tenant_id, listing_id, due_at, row_number() OVER (PARTITION BY tenant_id ORDER BY due_at, id) AS turn
         FROM ip_complaints
         WHERE status = 'countered' AND due_at < date('now') AND id NOT IN (SELECT value FROM json_each(?1))
       ) ORDER BY turn, due_at, id LIMIT ?2`,
    )
    .bind(JSON.stringify(skip), limit)
    .all<LapsedComplaint>();
  return results;
}

/** Those of `ids` that no complaint has, in one query (keep `ids` ≤ 50: D1 binds ≤ 100 parameters). Platform-wide: the orphaned-hold sweep's. */
export async function unrecordedComplaints(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = new Set((await db.select({ id: ipComplaints.id }).from(ipComplaints).where(inArray(ipComplaints.id, ids))).map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}

/** A page of the tenant's complaints, newest first, after the complaint `afterId` in that order; only those with `status` when given. */
export async function listComplaints(db: Db, tenantId: string, limit: number, opts: { afterId?: string; status?: ComplaintRow["status"] } = {}): Promise<ComplaintRow[]> {
  return db
    .select()
    .from(ipComplaints)
    .where(and(eq(ipComplaints.tenantId, tenantId), opts.afterId ? lt(ipComplaints.id, opts.afterId) : undefined, opts.status ? eq(ipComplaints.status, opts.status) : undefined))
    .orderBy(desc(ipComplaints.id))
    .limit(limit);
}
