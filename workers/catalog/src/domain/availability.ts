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
 * A buyer whose country is unknown (`country` null: none given, and the edge
 * could not name one, as for Tor or an unknown address) may be in any market,
 * or in none: they see only what every market sells, a listing with no markets
 * limit in a category restricted nowhere (`restrictedCategories` then holds
 * every restricted category). Not nothing: such a listing is sold wherever in
 * the markets they turn out to be, and `?country` is theirs to give anyway.
 * The list query encodes the same rule in SQL so pages stay full.
 */
export function availabilityIn(
  scope: SaleScope,
  country: string | null,
  ctx: { isMarket: boolean; restrictedCategories: ReadonlySet<string> },
): Availability {
  if (country !== null && !ctx.isMarket) return "no_market";
  if (scope.markets.length > 0 && (country === null || !scope.markets.includes(country))) return "not_in_market";
  if (scope.category !== null && ctx.restrictedCategories.has(scope.category)) return "restricted_category";
  return "available";
}
