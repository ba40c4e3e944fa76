import { eq } from "drizzle-orm";
import { ipHoldSweep } from "../../../../shared/db/schema";
import type { HoldCursor } from "../../../../shared/rpc/catalog";
import type { Db } from "./db";

/** Where the orphaned-hold sweep resumes; null before its first page. */
export async function holdSweepCursor(db: Db): Promise<HoldCursor | null> {
  const [row] = await db.select({ createdAt: ipHoldSweep.createdAt, listingId: ipHoldSweep.listingId, source: ipHoldSweep.source }).from(ipHoldSweep).where(eq(ipHoldSweep.id, 1));
  return row ?? null;
}

/** Moves the sweep's cursor to the last hold it dealt with. Two overlapping runs may move it back a page: those holds are looked at again, which changes nothing. */
export async function advanceHoldSweep(db: Db, last: HoldCursor, at: string): Promise<void> {
  const cursor = { createdAt: last.createdAt, listingId: last.listingId, source: last.source, sweptAt: at };
  await db.insert(ipHoldSweep).values({ id: 1, ...cursor }).onConflictDoUpdate({ target: ipHoldSweep.id, set: cursor });
}
