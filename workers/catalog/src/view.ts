import { ProblemError } from "../../../shared/http/problem";
import { availabilityIn, type Availability } from "./domain/availability";
import type { FxTable } from "./domain/fx";
import { negotiateLocale } from "./domain/locale";
import { localizePrice } from "./domain/price";
import type { Buyer } from "./buyer";
import type { ListingRecord } from "./store/listings";
import type { ReferenceData } from "./store/reference";

/** Whether the buyer may see a listing, by the same rule the list query applies in SQL. */
export function availabilityFor(record: ListingRecord, buyer: Buyer, ref: ReferenceData): Availability {
  const country = buyer.country;
  return availabilityIn(record.draft, country, {
    isMarket: country !== null && ref.markets.has(country),
    restrictedCategories: country === null ? ref.restrictedAnywhere : ref.restricted.get(country) || new Set(),
  });
}

/** A listing as the buyer reads it: their language, their market's price, tax shown their market's way. */
export function presentListing(record: ListingRecord, buyer: Buyer, rates: FxTable) {
  const d = record.draft;
  const locales = record.locales;
  const locale = negotiateLocale(buyer.locales, locales, d.defaultLocale);
  const text = d.translations[locale] ?? d.translations[d.defaultLocale]!;
  const pricing = {
    base: d.price,
    override: buyer.country ? d.prices[buyer.country] : undefined,
    market: buyer.market,
    currency: buyer.currency,
    rates,
    locale,
  };
  let price = localizePrice(pricing);
  if (!price) {
    // An explicit ?currency is honoured or refused: a client reading `amount` as that currency would misprice.
    if (buyer.currency) {
      throw new ProblemError(422, "price_unavailable", `Listing ${record.id} cannot be priced in ${buyer.currency} (no rate for its price's currency, or too large).`, [
        { path: "query.currency", message: "this listing's price cannot be converted to it" },
      ]);
    }
    // The market's currency, unreachable (a rate the tenant removed after writing the listing): its own currency, labelled.
    price = localizePrice({ ...pricing, currency: (pricing.override ?? d.price).currency })!;
  }
  return {
    id: record.id,
    sku: d.sku,
    brand: d.brand,
    locale,
    title: text.title,
    description: text.description,
    price,
    category: d.category,
    images: d.images,
    attributes: d.attributes,
    locales,
    ...(buyer.owner ? { status: record.status, holdReason: record.holdReason, holds: record.holds, version: record.version, markets: d.markets } : {}),
  };
}
export type ListingView = ReturnType<typeof presentListing>;

/** A listing as a buyer reads it, as JSON text, and the language it is shown in. */
export interface PresentedListing {
  json: string;
  locale: string;
}

type Presented = PresentedListing & { rates: FxTable; market: Buyer["market"] };

/**
 * Presented listings, kept on the decoded record they were made from (store/known-records.ts keeps
 * records across reads; a write makes a new record, and the entry dies with the old one), per kind of
 * buyer and for the rates and market they were priced with. A listing on many pages and searches is
 * localized, priced and serialized once per kind of buyer instead of once per page.
 */
const presented = new WeakMap<ListingRecord, Map<string, Presented>>();
/**
 * Kinds of buyer kept per record (a shop's buyers at one time are a few languages, countries and currencies).
 * Bounds the memory: at most 6,400 records are kept (known-records.ts), so about 4 × 6,400 × 1 KB = 26 MB.
 */
const KINDS_PER_RECORD = 4;

export function presentedListing(record: ListingRecord, buyer: Buyer, rates: FxTable): PresentedListing {
  const kind = `${buyer.locales.join(",")}|${buyer.country ?? ""}|${buyer.currency ?? ""}|${buyer.owner ? "owner" : ""}`;
  let kinds = presented.get(record);
  const hit = kinds?.get(kind);
  if (hit && hit.rates === rates && hit.market === buyer.market) return hit;
  const view = presentListing(record, buyer, rates);
  const made = { json: JSON.stringify(view), locale: view.locale, rates, market: buyer.market };
  if (!kinds) presented.set(record, (kinds = new Map()));
  if (kinds.size >= KINDS_PER_RECORD) kinds.clear();
  kinds.set(kind, made);
  return made;
}
