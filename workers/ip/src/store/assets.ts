import { and, asc, count, eq, gt, sql } from "drizzle-orm";
import { ipAssets } from "../../../../shared/db/schema";
import { newId } from "../../../../shared/ids";
import { BoundedLru } from "../../../../shared/memo/lru";
import type { Asset, AssetInput, OwnershipDecision } from "../schemas/assets";
import { isInForce } from "../domain/status";
import type { Db } from "./db";

type Row = typeof ipAssets.$inferSelect;

const toAsset = ({ tenantId: _t, ownership, ownershipNote, ownershipDecidedAt, ...r }: Row): Asset => ({
  ...r,
  ownership: { status: ownership, note: ownershipNote, decidedAt: ownershipDecidedAt },
});

/**
 * The rights one tenant's registry holds at most: a seller's whole portfolio fits (a few hundred rights is a
 * large one), and every read of deadlines goes through all of them (routes/deadlines.ts), so this bounds that
 * work too.
 */
export const MAX_ASSETS_PER_TENANT = 5_000;

/**
 * The new row's tenant while the tenant holds fewer than MAX_ASSETS_PER_TENANT rights, else NULL: the column is
 * NOT NULL, so an insert past the cap fails, and the whole batch it is sent in with it (its stored answer too).
 * Counted by the insert itself, in its transaction, so two creates at 4,999 cannot both pass.
 */
const tenantUnderCap = (tenantId: string) =>
  sql<string>`CASE WHEN (SELECT count(*) FROM ${ipAssets} WHERE ${ipAssets.tenantId} = ${tenantId}) < ${MAX_ASSETS_PER_TENANT} THEN ${tenantId} END`;

/**
 * A new right of the tenant's, with the statement that writes it (refused past MAX_ASSETS_PER_TENANT): the route
 * commits it with its answer (commitIdempotent), so a retry under the same Idempotency-Key never adds a second right.
 */
export function newAsset(db: Db, tenantId: string, input: AssetInput, now = new Date()) {
  const row: Row = {
    id: newId("ipa", now.getTime()),
    tenantId,
    kind: input.kind,
    jurisdiction: input.jurisdiction,
    name: input.name,
    niceClasses: input.niceClasses ?? [],
    designations: input.designations ?? [],
    registrationNumber: input.registrationNumber ?? null,
    owner: input.owner,
    status: input.status,
    filedAt: input.filedAt ?? null,
    registeredAt: input.registeredAt ?? null,
    expiresAt: input.expiresAt ?? null,
    createdAt: now.toISOString(),
    ownership: "unverified",
    ownershipNote: null,
    ownershipDecidedAt: null,
  };
  return { asset: toAsset(row), writes: [db.insert(ipAssets).values({ ...row, tenantId: tenantUnderCap(tenantId) })] as const };
}

/** How many rights the tenant holds: what tells a create refused at MAX_ASSETS_PER_TENANT from one that failed otherwise. */
export async function assetCount(db: Db, tenantId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(ipAssets).where(eq(ipAssets.tenantId, tenantId));
  return row?.n ?? 0;
}

/** Drops this isolate's copy of the tenant's trademarks once a right of theirs is written, so its clearance sees the right at once. */
export const forgetOwnTrademarks = (tenantId: string) => void ownTrademarks.delete(tenantId);

/** One of the tenant's rights, or null (another tenant's id is simply absent). */
export async function getAsset(db: Db, tenantId: string, id: string): Promise<Asset | null> {
  const [row] = await db.select().from(ipAssets).where(and(eq(ipAssets.tenantId, tenantId), eq(ipAssets.id, id))).limit(1);
  return row ? toAsset(row) : null;
}

/**
 * The operator's decision on whether a tenant holds a right (any tenant's: the operator is not one), or
 * null for no such right. This isolate's clearance sees it at once; others within `OWN_MARKS_TTL_MS`.
 */
export async function decideOwnership(db: Db, id: string, decision: OwnershipDecision, now = new Date()): Promise<Asset | null> {
  const [row] = await db
    .update(ipAssets)
    .set({ ownership: decision.status, ownershipNote: decision.note ?? null, ownershipDecidedAt: now.toISOString() })
    .where(eq(ipAssets.id, id))
    .returning();
  if (!row) return null;
  forgetOwnTrademarks(row.tenantId);
  return toAsset(row);
}

/** A page of the tenant's rights in id (creation) order, after `afterId`. */
export async function listAssets(db: Db, tenantId: string, limit: number, afterId?: string): Promise<Asset[]> {
  const rows = await db
    .select()
    .from(ipAssets)
    .where(and(eq(ipAssets.tenantId, tenantId), afterId ? gt(ipAssets.id, afterId) : undefined))
    .orderBy(asc(ipAssets.id))
    .limit(limit);
  return rows.map(toAsset);
}

/**
 * How long an isolate trusts its copy of a tenant's trademarks. Clearance needs
 * them on every call (a tenant's own marks never block it), and reading them
 * was most of a call's cost; a right added through this isolate shows at once,
 * one added elsewhere within this, as register imports do (`store/register.ts`).
 */
const OWN_MARKS_TTL_MS = 1000;
/** Tenants whose trademarks one isolate keeps; past this the least recently loaded go. */
const OWN_MARKS_TENANTS = 1000;
// Read with `peek`: only a load is a use.
const ownTrademarks = new BoundedLru<string, Promise<Asset[]>>({ maxEntries: OWN_MARKS_TENANTS, maxAgeMs: OWN_MARKS_TTL_MS });

/** The tenant's trademarks in force, as clearance needs them: read at most once per `OWN_MARKS_TTL_MS` per isolate. */
export function liveTrademarks(db: Db, tenantId: string, now = Date.now()): Promise<Asset[]> {
  const hit = ownTrademarks.peek(tenantId, now);
  if (hit) return hit;
  const marks = db
    .select()
    .from(ipAssets)
    .where(and(eq(ipAssets.tenantId, tenantId), eq(ipAssets.kind, "trademark")))
    .then((rows) => rows.map(toAsset).filter((a) => isInForce(a.status)));
  ownTrademarks.set(tenantId, marks, { now });
  // Only if still this load's: at its own `now` it has not expired, so peek finds it.
  marks.catch(() => ownTrademarks.peek(tenantId, now) === marks && ownTrademarks.delete(tenantId));
  return marks;
}
