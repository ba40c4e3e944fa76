import { and, asc, eq, gt } from "drizzle-orm";
import { ipAssets } from "../../../../shared/db/schema";
import { newId } from "../../../../shared/ids";
import type { Asset, AssetInput } from "../schemas/assets";
import type { Db } from "./db";

type Row = typeof ipAssets.$inferSelect;

const toAsset = ({ tenantId: _t, ...r }: Row): Asset => r;

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
  };
  await db.insert(ipAssets).values(row);
  return toAsset(row);
}

/** One of the tenant's rights, or null (another tenant's id is simply absent). */
export async function getAsset(db: Db, tenantId: string, id: string): Promise<Asset | null> {
  const [row] = await db.select().from(ipAssets).where(and(eq(ipAssets.tenantId, tenantId), eq(ipAssets.id, id))).limit(1);
  return row ? toAsset(row) : null;
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
