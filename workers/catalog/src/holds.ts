import { MAX_LISTED_HOLDS, type HoldCursor, type HoldResult, type ListedHold } from "../../../shared/rpc/catalog";
import { CLEARANCE_HOLD, holdsBySource, setHold } from "./store/listings";
import type { Db } from "./store/db";

const MAX_REASON = 500;
/** A kind of hold source (`complaint`). */
const KIND = "[a-z][a-z_]{0,31}";
/** `complaint`, or a source naming its record (`complaint:cmp_…`), so two complaints hold and release apart. */
const SOURCE = new RegExp(`^${KIND}(:[A-Za-z0-9_-]{1,64})?$`);
/** The record-named sources of one kind (`complaint:`): SOURCE's part before the record, so no GLOB wildcard. */
const PREFIX = new RegExp(`^${KIND}:$`);
/** An ISO time as `Date#toISOString` writes it, the form holds' `created_at` has: compared as text. */
const isIsoTime = (v: unknown): v is string => typeof v === "string" && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v;

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

/**
 * Lists holds by source prefix for a caller's sweep of holds whose record never came to be (the IP service
 * looks for `complaint:<id>` holds with no complaint). Checks its arguments as changeHold does: they come
 * over RPC untyped.
 */
export async function listHolds(database: Db, prefix: string, before: string, limit: number, after?: HoldCursor): Promise<ListedHold[]> {
  if (typeof prefix !== "string" || !PREFIX.test(prefix)) throw new TypeError(`listHolds: prefix must match ${PREFIX}`);
  if (!isIsoTime(before)) throw new TypeError("listHolds: before must be an ISO time as Date#toISOString writes it");
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LISTED_HOLDS) throw new TypeError(`listHolds: limit must be an integer from 1 to ${MAX_LISTED_HOLDS}`);
  if (after !== undefined && !(typeof after === "object" && after !== null && isIsoTime(after.createdAt) && typeof after.listingId === "string" && typeof after.source === "string")) {
    throw new TypeError("listHolds: after must be a hold it listed ({ createdAt, listingId, source })");
  }
  return holdsBySource(database, prefix, before, limit, after);
}
