import { asc, eq } from "drizzle-orm";
import { ipLedgerKeys } from "../../../../shared/db/schema";
import type { Db } from "./db";

export type LedgerKeyRow = typeof ipLedgerKeys.$inferSelect;

/** Records that a key signs tree heads and feed tokens (once: the first time is kept). */
export async function recordSigningKey(db: Db, row: LedgerKeyRow): Promise<void> {
  await db.insert(ipLedgerKeys).values(row).onConflictDoNothing();
}

/** Every key that ever signed a tree head, oldest first. */
export async function signingKeys(db: Db): Promise<LedgerKeyRow[]> {
  return db.select().from(ipLedgerKeys).orderBy(asc(ipLedgerKeys.firstSignedAt));
}

/** The key `kid`, if it ever signed. */
export async function signingKeyById(db: Db, kid: string): Promise<LedgerKeyRow | null> {
  const [row] = await db.select().from(ipLedgerKeys).where(eq(ipLedgerKeys.kid, kid));
  return row ?? null;
}
