import type { HoldResult } from "../../../shared/rpc/catalog";
import { CLEARANCE_HOLD, setHold } from "./store/listings";
import type { Db } from "./store/db";

const MAX_REASON = 500;
/** `complaint`, or a source naming its record (`complaint:cmp_…`), so two complaints hold and release apart. */
const SOURCE = /^[a-z][a-z_]{0,31}(:[A-Za-z0-9_-]{1,64})?$/;

/**
 * Places or lifts one source's hold on a listing (the IP service calls these
 * for complaints). A listing stays held while any source holds it: releasing
 * a complaint leaves a clearance hold, and the other way round. `clearance`
 * is the catalog's own source (set and lifted by create and edit), so RPC
 * callers cannot touch it. The catalog version is bumped in the same
 * transaction, so no buyer is served a cached copy afterwards.
 */
export async function changeHold(database: Db, tenantId: string, listingId: string, held: boolean, reason: string, source = "complaint"): Promise<HoldResult | null> {
  if (typeof tenantId !== "string" || typeof listingId !== "string" || typeof reason !== "string" || typeof source !== "string") {
    throw new TypeError("hold/release take (tenantId, listingId, reason[, source]) strings");
  }
  if (!SOURCE.test(source) || source === CLEARANCE_HOLD) {
    throw new TypeError(`hold source must match ${SOURCE} and may not be "${CLEARANCE_HOLD}" (the catalog's own)`);
  }
  const note = reason.slice(0, MAX_REASON);
  return setHold(database, tenantId, listingId, source, held ? note : null, new Date().toISOString());
}
