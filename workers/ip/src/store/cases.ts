import { and, asc, desc, eq, lt, sql } from "drizzle-orm";
import { ipCaseEvents, ipCases } from "../../../../shared/db/schema";
import { newId } from "../../../../shared/ids";
import type { Stage } from "../domain/case-process";
import type { Db } from "./db";

export type CaseRow = typeof ipCases.$inferSelect;
export type CaseEvent = typeof ipCaseEvents.$inferSelect;

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
 * The version a write to `c` sets: the next one, or NULL when anyone wrote the case since `c` was read.
 * The column is NOT NULL, so a stale write fails, and the whole batch it is sent in with it.
 */
const nextVersion = (c: CaseRow) => sql`CASE WHEN ${ipCases.version} = ${c.version} THEN ${c.version + 1} END`;

/**
 * A move of case `c` to `to`, as the case and its new timeline entry will read, with the statements that
 * write them. The route commits those with its answer (commitIdempotent), so no read after the write can
 * fail and free the Idempotency-Key. The update is conditioned on `c`'s version (nextVersion): when the case
 * changed meanwhile, even within the same millisecond, the batch fails and nothing is written, neither the
 * move nor the answer (see `changedSince`).
 */
export function caseMove(
  db: Db,
  c: CaseRow,
  to: Stage,
  evidenceIds: string[],
  nextDueAt: string | null,
  note: string | undefined,
  now: Date,
) {
  const at = now.toISOString();
  const row: CaseRow = { ...c, stage: to, evidenceIds, nextDueAt, updatedAt: at, version: c.version + 1 };
  const event: CaseEvent = { id: newId("cev", now.getTime()), caseId: c.id, fromStage: c.stage, toStage: to, note: note ?? null, at };
  const writes = [
    db.update(ipCases).set({ stage: to, evidenceIds, nextDueAt, updatedAt: at, version: nextVersion(c) }).where(eq(ipCases.id, c.id)),
    db.insert(ipCaseEvents).values(event),
  ] as const;
  return { row, event, writes };
}

/** Whether anyone wrote case `c` since it was read: what a failed `caseMove` batch is told by. */
export async function changedSince(db: Db, c: CaseRow): Promise<boolean> {
  const [now] = await db.select({ version: ipCases.version }).from(ipCases).where(eq(ipCases.id, c.id));
  return now?.version !== c.version;
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
