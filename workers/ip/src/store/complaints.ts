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
 * Moves one of the tenant's complaints out of status `from` (and only while `also` holds too) with its
 * history entry: the event insert and the update share that condition in one transaction, so of two
 * concurrent moves one writes and the other writes nothing, not even an event. False when it did not move.
 */
async function moveComplaint(
  db: Db,
  c: Pick<ComplaintRow, "tenantId" | "id">,
  from: ComplaintRow["status"],
  set: Partial<ComplaintRow> & Pick<ComplaintRow, "status">,
  note: string,
  at: string,
  also?: SQL,
): Promise<boolean> {
  const still = and(eq(ipComplaints.tenantId, c.tenantId), eq(ipComplaints.id, c.id), eq(ipComplaints.status, from), also);
  const event = db
    .select({
      id: sql<string>`${newId("cmpe")}`.as("id"),
      complaintId: ipComplaints.id,
      status: sql<string>`${set.status}`.as("status"),
      note: sql<string>`${note}`.as("note"),
      at: sql<string>`${at}`.as("at"),
    })
    .from(ipComplaints)
    .where(still);
  const [, update] = await db.batch([db.insert(ipComplaintEvents).select(event), db.update(ipComplaints).set(set).where(still)]);
  return (update as { meta: { changes: number } }).meta.changes === 1;
}

/** Records the tenant's answer if the complaint is still open; false when it was answered. */
export const answerComplaint = (
  db: Db,
  c: Pick<ComplaintRow, "tenantId" | "id">,
  status: "accepted" | "countered",
  response: Record<string, unknown>,
  dueAt: string,
  note: string,
  at: string,
) => moveComplaint(db, c, "open", { status, response, dueAt }, note, at);

/**
 * Records the complainant's court action (`in_court`, the listing stays held) if the complaint is countered
 * and its window is open by D1's date; false otherwise. The cron reads the same date, so a court action
 * and a restore cannot both land, whatever either side's own clock says near midnight.
 */
export const recordCourtAction = (db: Db, c: Pick<ComplaintRow, "tenantId" | "id">, courtAction: CourtAction, note: string, at: string) =>
  moveComplaint(db, c, "countered", { status: "in_court", courtAction }, note, at, gte(ipComplaints.dueAt, d1Today));

/** Marks a countered complaint `restored` once the cron has released its hold; false when it moved on meanwhile. */
export const restoreComplaint = (db: Db, c: Pick<ComplaintRow, "tenantId" | "id">, note: string, at: string) => moveComplaint(db, c, "countered", { status: "restored" }, note, at);

/** Countered complaints whose window closed before D1's today, oldest due first: every tenant's, each with its own tenant. */
export async function lapsedCounterNotices(db: Db, limit: number): Promise<Pick<ComplaintRow, "id" | "tenantId" | "listingId" | "dueAt">[]> {
  return db
    .select({ id: ipComplaints.id, tenantId: ipComplaints.tenantId, listingId: ipComplaints.listingId, dueAt: ipComplaints.dueAt })
    .from(ipComplaints)
    .where(and(eq(ipComplaints.status, "countered"), lt(ipComplaints.dueAt, d1Today)))
    .orderBy(asc(ipComplaints.dueAt))
    .limit(limit);
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
