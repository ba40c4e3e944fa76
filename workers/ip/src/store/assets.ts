import { and, asc, eq, gt } from "drizzle-orm";
import { ipAssets } from "../../../../shared/db/schema";
import { newId } from "../../../../shared/ids";
import type { Asset, AssetInput, OwnershipDecision } from "../schemas/assets";
import { isInForce } from "../domain/status";
import type { Db } from "./db";

type Row = typeof ipAssets.$inferSelect;

const toAsset = ({ tenantId: _t, ownership, ownershipNote, ownershipDecidedAt, ...r }: Row): Asset => ({
  ...r,
  ownership: { status: ownership, note: ownershipNote, decidedAt: ownershipDecidedAt },
});

/** Adds a right to the tenant's registry. */
export async function createAsset(db: Db, tenantId: string, input: AssetInput, now = new Date()): Promise<Asset> {
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
  await db.insert(ipAssets).values(row);
  ownTrademarks.delete(tenantId); // this isolate clears with the new right at once
  return toAsset(row);
}

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
  ownTrademarks.delete(row.tenantId);
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

/** Every right of the tenant: registries are small (hundreds), deadlines and clearance need them all. */
export async function allAssets(db: Db, tenantId: string): Promise<Asset[]> {
  const rows = await db.select().from(ipAssets).where(eq(ipAssets.tenantId, tenantId)).orderBy(asc(ipAssets.id));
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
const ownTrademarks = new Map<string, { at: number; marks: Promise<Asset[]> }>();

/** The tenant's trademarks in force, as clearance needs them: read at most once per `OWN_MARKS_TTL_MS` per isolate. */
export function liveTrademarks(db: Db, tenantId: string, now = Date.now()): Promise<Asset[]> {
  const hit = ownTrademarks.get(tenantId);
  if (hit && now - hit.at < OWN_MARKS_TTL_MS) return hit.marks;
  const marks = db
    .select()
    .from(ipAssets)
    .where(and(eq(ipAssets.tenantId, tenantId), eq(ipAssets.kind, "trademark")))
    .then((rows) => rows.map(toAsset).filter((a) => isInForce(a.status)));
  const entry = { at: now, marks };
  ownTrademarks.delete(tenantId);
  ownTrademarks.set(tenantId, entry);
  if (ownTrademarks.size > OWN_MARKS_TENANTS) ownTrademarks.delete(ownTrademarks.keys().next().value!);
  marks.catch(() => ownTrademarks.get(tenantId) === entry && ownTrademarks.delete(tenantId));
  return marks;
}
