import type { HoldResult } from "../../../shared/rpc/catalog";
import { setStatus } from "./store/listings";
import type { Db } from "./store/db";

const MAX_REASON = 500;

/**
 * Holds (hides from buyers) or releases a listing: the IP service calls these
 * on clearance conflicts and complaints. The catalog version is bumped in the
 * same transaction, so no buyer is served a cached copy afterwards.
 */
export async function changeHold(database: Db, tenantId: string, listingId: string, held: boolean, reason: string): Promise<HoldResult | null> {
  if (typeof tenantId !== "string" || typeof listingId !== "string" || typeof reason !== "string") {
    throw new TypeError("hold/release take (tenantId, listingId, reason) strings");
  }
  const note = reason.slice(0, MAX_REASON);
  return setStatus(database, tenantId, listingId, held ? "held" : "active", held ? note : null, new Date().toISOString());
}
