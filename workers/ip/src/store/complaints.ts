import { and, asc, desc, eq, lt, sql } from "drizzle-orm";
import { ipComplaintEvents, ipComplaints } from "../../../../shared/db/schema";
import { newId } from "../../../../shared/ids";
import type { Db } from "./db";

export type ComplaintRow = typeof ipComplaints.$inferSelect;
export type ComplaintEvent = typeof ipComplaintEvents.$inferSelect;

/** Records a received complaint and its first history entry, in one batch. */
export async function createComplaint(db: Db, row: ComplaintRow, note: string): Promise<void> {
  await db.batch([
    db.insert(ipComplaints).values(row),
    db.insert(ipComplaintEvents).values({ id: newId("cmpe"), complaintId: row.id, status: row.status, note, at: row.receivedAt }),
  ]);
}

export async function getComplaint(db: Db, tenantId: string, id: string): Promise<{ row: ComplaintRow; events: ComplaintEvent[] } | null> {
  const [row] = await db.select().from(ipComplaints).where(and(eq(ipComplaints.tenantId, tenantId), eq(ipComplaints.id, id)));
  if (!row) return null;
  const events = await db.select().from(ipComplaintEvents).where(eq(ipComplaintEvents.complaintId, id)).orderBy(asc(ipComplaintEvents.id));
  return { row, events };
}

/**
 * Records the tenant's answer if the complaint is still open: the history
 * entry and the update share that condition in one transaction, so a second
 * answer, even a concurrent one, changes nothing. False when it was answered.
 */
export async function answerComplaint(
  db: Db,
  id: string,
  status: "accepted" | "countered",
  response: Record<string, unknown>,
  dueAt: string,
  note: string,
  at: string,
): Promise<boolean> {
  const open = and(eq(ipComplaints.id, id), eq(ipComplaints.status, "open"));
  const event = db
    .select({
      id: sql<string>`${newId("cmpe")}`.as("id"),
      complaintId: ipComplaints.id,
      status: sql<string>`${status}`.as("status"),
      note: sql<string>`${note}`.as("note"),
      at: sql<string>`${at}`.as("at"),
    })
    .from(ipComplaints)
    .where(open);
  const [, update] = await db.batch([
    db.insert(ipComplaintEvents).select(event),
    db.update(ipComplaints).set({ status, response, dueAt }).where(open),
  ]);
  return (update as { meta: { changes: number } }).meta.changes === 1;
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
