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
 * Both answer null when the tenant has no such listing.
 */
export interface CatalogRpc {
  hold(tenantId: string, listingId: string, reason: string): Promise<HoldResult | null>;
  release(tenantId: string, listingId: string, reason: string): Promise<HoldResult | null>;
}

/** The typed RPC stub behind a service binding to the catalog Worker. */
export const catalogRpc = (binding: Fetcher): CatalogRpc => binding as unknown as CatalogRpc;
