/** What decides whether a listing may be sold in a country. */
export interface SaleScope {
  /** Countries the listing is sold in; empty means every market. */
  markets: readonly string[];
  category: string | null;
}

export type Availability = "available" | "not_in_market" | "restricted_category" | "no_market";

/**
 * Whether a buyer in `country` may see the listing. A country with no market
 * sells nothing; a category restricted there is out whatever the listing says.
 * `country` null (unknown buyer) sees everything. The list query encodes the
 * same rule in SQL so pages stay full.
 */
export function availabilityIn(
  scope: SaleScope,
  country: string | null,
  ctx: { isMarket: boolean; restrictedCategories: ReadonlySet<string> },
): Availability {
  if (country === null) return "available";
  if (!ctx.isMarket) return "no_market";
  if (scope.markets.length > 0 && !scope.markets.includes(country)) return "not_in_market";
  if (scope.category !== null && ctx.restrictedCategories.has(scope.category)) return "restricted_category";
  return "available";
}
