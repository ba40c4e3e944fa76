import { and, asc, desc, eq, lt, sql } from "drizzle-orm";
import { ipCaseEvents, ipCases } from "../../../../shared/db/schema";
import { newId } from "../../../../shared/ids";
import type { Stage } from "../domain/case-process";
import type { Db } from "./db";

export type CaseRow = typeof ipCases.$inferSelect;
export type CaseEvent = typeof ipCaseEvents.$inferSelect;

/** Opens a case at `evidence` with its first timeline entry, in one batch. */
/**
 * A new case and its first event, with the statements that write them: the route commits those with its
 * answer (commitIdempotent), so a retry under the same Idempotency-Key can never write a second case.
 */
export function newCase(
  db: Db,
  c: Pick<CaseRow, "tenantId" | "assetId" | "infringer" | "evidenceIds" | "nextDueAt">,
  note: string | undefined,
  now: Date,
) {
  const at = now.toISOString();
  const row: CaseRow = { id: newId("case", now.getTime()), stage: "evidence", createdAt: at, updatedAt: at, version: 0, ...c };
  const event: CaseEvent = { id: newId("cev", now.getTime()), caseId: row.id, fromStage: null, toStage: "evidence", note: note ?? null, at };
  return { row, event, writes: [db.insert(ipCases).values(row), db.insert(ipCaseEvents).values(event)] as const };
}

export async function getCase(db: Db, tenantId: string, id: string): Promise<{ row: CaseRow; events: CaseEvent[] } | null> {
  const [row] = await db.select().from(ipCases).where(and(eq(ipCases.tenantId, tenantId), eq(ipCases.id, id)));
  if (!row) return null;
  const events = await db.select().from(ipCaseEvents).where(eq(ipCaseEvents.caseId, id)).orderBy(asc(ipCaseEvents.id));
  return { row, events };
}

/**
 * Moves a case from `from` to `to` and records it, only if nobody wrote it
 * since `c` was read (its version): both statements carry that condition
 * and run in one transaction, so a concurrent move leaves no half-written step.
 * Returns false when the case had moved meanwhile.
 */
export async function moveCase(
  db: Db,
  c: CaseRow,
  to: Stage,
  evidenceIds: string[],
  nextDueAt: string | null,
  note: string | undefined,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const unchanged = sql`${ipCases.id} = ${c.id} AND ${ipCases.version} = ${c.version}`;
  const eventId = newId("cev", now.getTime());
  const event = db
    .select({
      id: sql<string>`${eventId}`.as("id"),
      caseId: ipCases.id,
      fromStage: ipCases.stage,
      toStage: sql<string>`${to}`.as("to_stage"),
      note: sql<string | null>`${note ?? null}`.as("note"),
      at: sql<string>`${at}`.as("at"),
    })
    .from(ipCases)
    .where(unchanged);
  const [, update] = await db.batch([
    db.insert(ipCaseEvents).select(event),
    db.update(ipCases).set({ stage: to, evidenceIds, nextDueAt, updatedAt: at, version: c.version + 1 }).where(unchanged),
  ]);
  return (update as { meta: { changes: number } }).meta.changes === 1;
}

/** Attaches more evidence to a case (its stage unchanged), if nobody changed it meanwhile. */
export async function attachEvidence(db: Db, c: CaseRow, evidenceIds: string[], now: Date): Promise<boolean> {
  const res = await db
    .update(ipCases)
    .set({ evidenceIds, updatedAt: now.toISOString(), version: c.version + 1 })
    .where(and(eq(ipCases.id, c.id), eq(ipCases.version, c.version)));
  return res.meta.changes === 1;
}

/**
 * A page of the tenant's cases, newest first, after the case `afterId` in that order;
 * only those at `stage` when given. Rows without their timelines: a list shows the stage and the next deadline.
 */
export async function listCases(db: Db, tenantId: string, limit: number, opts: { afterId?: string; stage?: Stage } = {}): Promise<CaseRow[]> {
  return db
    .select()
    .from(ipCases)
    .where(and(eq(ipCases.tenantId, tenantId), opts.afterId ? lt(ipCases.id, opts.afterId) : undefined, opts.stage ? eq(ipCases.stage, opts.stage) : undefined))
    .orderBy(desc(ipCases.id))
    .limit(limit);
}
