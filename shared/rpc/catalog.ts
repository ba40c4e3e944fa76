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
}

/** The typed RPC stub behind a service binding to the catalog Worker. */
export const catalogRpc = (binding: Fetcher): CatalogRpc => binding as unknown as CatalogRpc;
