/** What a hold or release did: the listing's status after it. */
export interface HoldResult {
  id: string;
  status: "active" | "held";
  holdReason: string | null;
}

/**
 * The catalog Worker's RPC surface for other services (the IP service holds
 * listings on clearance conflicts and complaints). The catalog's entrypoint
 * implements it; callers narrow their `CATALOG` binding with `catalogRpc()`.
 * Both answer null when the tenant has no such listing. Each hold has a
 * source (default `complaint`; `complaint:<id>` keeps complaints apart): a
 * release lifts only its own source's hold, and the listing stays held while
 * another source (the catalog's own `clearance`, another complaint) holds it.
 */
export interface CatalogRpc {
  hold(tenantId: string, listingId: string, reason: string, source?: string): Promise<HoldResult | null>;
  release(tenantId: string, listingId: string, reason: string, source?: string): Promise<HoldResult | null>;
  /**
   * Holds across every tenant whose source starts with `prefix` (`complaint:`) and that were placed before
   * `before` (an ISO time as `Date#toISOString` writes it), oldest first and after `after` when given, at
   * most `limit` (1 to MAX_LISTED_HOLDS): for a sweep of holds whose record never came to be. Each names
   * its listing's tenant, so it is released like any other hold. Bad arguments throw a TypeError.
   */
  listHolds(prefix: string, before: string, limit: number, after?: HoldCursor): Promise<ListedHold[]>;
}

/** The most holds `listHolds` answers at once: few enough that the caller can look up their records in one `IN` (D1 binds ≤ 100 parameters). */
export const MAX_LISTED_HOLDS = 50;

/** One hold as `listHolds` lists it. */
export interface ListedHold {
  tenantId: string;
  listingId: string;
  source: string;
  createdAt: string;
}

/** Where a listing of holds resumes: the last hold read, in the listing's order (placed, then listing and source). */
export type HoldCursor = Pick<ListedHold, "createdAt" | "listingId" | "source">;

/** The typed RPC stub behind a service binding to the catalog Worker. */
export const catalogRpc = (binding: Fetcher): CatalogRpc => binding as unknown as CatalogRpc;
