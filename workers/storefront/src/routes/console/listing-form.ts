import { toMinorUnits } from "../../../../../shared/money/format";
import type { components } from "../../../../../shared/client";

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
}

export const EMPTY_FORM: ListingForm = { sku: "", brand: "", title: "", description: "", price: "", currency: "USD", markets: "", category: "" };

export function readForm(body: Record<string, unknown>): ListingForm {
  const s = (k: keyof ListingForm) => String(body[k] ?? "").trim();
  return { sku: s("sku"), brand: s("brand"), title: s("title"), description: s("description"), price: s("price"), currency: s("currency").toUpperCase() || "USD", markets: s("markets"), category: s("category") };
}

/** `DE, fr ,US` → ["DE", "FR", "US"]; empty = every market. */
export const parseMarkets = (text: string) => text.split(/[\s,]+/).filter(Boolean).map((m) => m.toUpperCase());

/** The API body for a new listing (English as its default locale). `price` is null when the amount does not parse. */
export function createBody(f: ListingForm): { body: CreateListing; priceOk: boolean } {
  const amount = toMinorUnits(f.price, f.currency);
  const markets = parseMarkets(f.markets);
  return {
    priceOk: amount !== null,
    body: {
      sku: f.sku,
      brand: f.brand,
      defaultLocale: "en",
      translations: { en: { title: f.title, ...(f.description ? { description: f.description } : {}) } },
      price: { amount: amount ?? 0, currency: f.currency },
      ...(markets.length ? { markets } : {}),
      ...(f.category ? { category: f.category } : {}),
    },
  };
}
