import { toMinorUnits } from "../../../../../shared/money/format";
import type { components } from "../../../../../shared/client";
import { UI_LOCALES } from "../../i18n/locale";

type CreateListing = components["schemas"]["CreateListing"];

/** The listing form's fields as typed, kept to show again after a refusal. */
export interface ListingForm {
  sku: string;
  brand: string;
  title: string;
  description: string;
  price: string;
  currency: string;
  markets: string;
  category: string;
  /** The language the seller writes the title and description in: the listing's default locale. */
  language: string;
}

export const EMPTY_FORM: ListingForm = { sku: "", brand: "", title: "", description: "", price: "", currency: "USD", markets: "", category: "", language: "en" };

/** The languages a listing can be written in from the form: the storefront's. */
export const LISTING_LANGUAGES: readonly string[] = UI_LOCALES;

export function readForm(body: Record<string, unknown>): ListingForm {
  const s = (k: keyof ListingForm) => String(body[k] ?? "").trim();
  return { sku: s("sku"), brand: s("brand"), title: s("title"), description: s("description"), price: s("price"), currency: s("currency").toUpperCase() || "USD", markets: s("markets"), category: s("category"), language: LISTING_LANGUAGES.includes(s("language")) ? s("language") : "en" };
}

/** `DE, fr ,US` → ["DE", "FR", "US"]; empty = every market. */
export const parseMarkets = (text: string) => text.split(/[\s,]+/).filter(Boolean).map((m) => m.toUpperCase());

/** The API body for a new listing, in the language the seller chose as its default locale. `price` is null when the amount does not parse. */
export function createBody(f: ListingForm): { body: CreateListing; priceOk: boolean } {
  const amount = toMinorUnits(f.price, f.currency);
  const markets = parseMarkets(f.markets);
  return {
    priceOk: amount !== null,
    body: {
      sku: f.sku,
      brand: f.brand,
      defaultLocale: f.language,
      translations: { [f.language]: { title: f.title, ...(f.description ? { description: f.description } : {}) } },
      price: { amount: amount ?? 0, currency: f.currency },
      ...(markets.length ? { markets } : {}),
      ...(f.category ? { category: f.category } : {}),
    },
  };
}
