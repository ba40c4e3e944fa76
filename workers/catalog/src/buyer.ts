import type { Context } from "hono";
import { COUNTRY_HEADER } from "../../../shared/http/context";
import { ProblemError } from "../../../shared/http/problem";
import { parseAcceptLanguage } from "./domain/locale";
import type { FxTable } from "./domain/fx";
import type { Market, ReferenceData } from "./store/reference";

/** Who is reading and from where: everything a localized read depends on, settled once per request. */
export interface Buyer {
  /** Locale preferences, best first: `?locale` alone, else `Accept-Language`, else the languages of the buyer's market. */
  locales: string[];
  /** The buyer's country (`?country`, else the edge's), or null when unknown. */
  country: string | null;
  /** The market there; null when the country is unknown or sells nothing. */
  market: Market | null;
  /** `?currency` when asked for. */
  currency?: string;
  /** A secret key: the tenant reading its own catalog (sees held listings and their status). */
  owner: boolean;
  /** Request headers the answer depended on, for `Vary`. */
  vary: string[];
}

/** The country a read is for, before it is checked against the markets: `?country`, else a well-formed edge country. */
export function requestedCountry(c: Context, query: { country?: string }): string | null {
  const edge = c.req.header(COUNTRY_HEADER);
  return query.country ?? (edge && /^[A-Z]{2}$/.test(edge) ? edge : null);
}

/** The buyer of a read; an explicit unknown `?country` or `?currency` is a 400, an unknown edge country just sells nothing. */
export function resolveBuyer(
  c: Context,
  query: { locale?: string; country?: string; currency?: string },
  ref: ReferenceData,
): Buyer {
  const vary = ["Authorization"];
  if (!query.locale) vary.push("Accept-Language");
  if (!query.country) vary.push("X-Country", "CF-IPCountry");
  if (query.country && !ref.markets.has(query.country)) {
    throw new ProblemError(400, "unknown_country", `${query.country} is not a market this platform sells in.`, [
      { path: "query.country", message: "not a known market" },
    ]);
  }
  const country = requestedCountry(c, query);
  const market = country ? (ref.markets.get(country) ?? null) : null;
  const accepted = parseAcceptLanguage(c.req.header("accept-language"));
  return {
    // A buyer in Tokyo whose client sends no preference reads Japanese where the listing has it.
    locales: query.locale ? [query.locale] : accepted.length > 0 ? accepted : (market?.locales ?? []),
    country,
    market,
    currency: query.currency,
    owner: c.get("caller").keyKind === "secret",
    vary,
  };
}

/** Refuses a `?currency` there is no rate for: a price in it could not be computed. */
export function checkCurrency(buyer: Buyer, rates: FxTable) {
  if (buyer.currency && !rates.has(buyer.currency)) {
    throw new ProblemError(400, "unknown_currency", `There is no FX rate for ${buyer.currency}.`, [
      { path: "query.currency", message: "not a currency with an FX rate" },
    ]);
  }
}
