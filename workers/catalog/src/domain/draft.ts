import type { FieldError } from "../../../../shared/http/problem";
import { isKnownCurrency } from "../../../../shared/money/currency";
import type { Money } from "../../../../shared/schemas/common";
import type { CreateListingBody, PatchListingBody } from "../schemas";
import type { FxTable } from "./fx";

export interface Translation {
  title: string;
  description: string;
}

/** A listing as it will be stored: locales canonical, everything checked against the markets. */
export interface ListingDraft {
  sku: string;
  brand: string;
  defaultLocale: string;
  translations: Record<string, Translation>;
  price: Money;
  prices: Record<string, Money>;
  /** Empty = sold in every market. */
  markets: string[];
  category: string | null;
  attributes: Record<string, string | number | boolean>;
  images: string[];
}

/** A semantic complaint about a well-formed body; the first one names the problem's code. */
export interface DraftError extends FieldError {
  code: "unknown_currency" | "unknown_country" | "currency_mismatch" | "missing_default_translation" | "duplicate_locale" | "too_many_locales" | "too_many_countries";
}

/** What validation needs to know about the world: market currencies and the FX rates in force. */
export interface Reference {
  marketCurrency: ReadonlyMap<string, string>;
  rates: FxTable;
}

/** Bounds that keep one listing a listing: a title is a line, a description a page, not a megabyte. */
export const LIMITS = { title: 200, description: 5000, locales: 50, images: 20, attributes: 50, countries: 250 } as const;

const canonical = (tag: string) => Intl.getCanonicalLocales(tag)[0]!;

function canonicalTranslations<T>(input: Record<string, T>, errors: DraftError[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [tag, value] of Object.entries(input)) {
    const locale = canonical(tag);
    if (locale in out) errors.push({ code: "duplicate_locale", path: `translations.${tag}`, message: `${tag} is the same locale as ${locale}` });
    out[locale] = value;
  }
  return out;
}

/** A new listing's draft from its body: translations keyed by canonical tags, defaults filled. */
export function draftFromCreate(body: CreateListingBody): { draft: ListingDraft; errors: DraftError[] } {
  const errors: DraftError[] = [];
  const translations = canonicalTranslations(body.translations, errors);
  const draft: ListingDraft = {
    sku: body.sku,
    brand: body.brand,
    defaultLocale: body.defaultLocale,
    translations: Object.fromEntries(
      Object.entries(translations).map(([l, t]) => [l, { title: t.title, description: t.description ?? "" }]),
    ),
    price: body.price,
    prices: body.prices ?? {},
    markets: [...new Set(body.markets ?? [])],
    category: body.category ?? null,
    attributes: body.attributes ?? {},
    images: body.images ?? [],
  };
  return { draft, errors };
}

/** The stored listing with a PATCH applied; `null` members remove what they name. */
export function applyPatch(current: ListingDraft, patch: PatchListingBody): { draft: ListingDraft; errors: DraftError[] } {
  const errors: DraftError[] = [];
  const translations = { ...current.translations };
  for (const [locale, t] of Object.entries(canonicalTranslations(patch.translations ?? {}, errors))) {
    if (t === null) delete translations[locale];
    else translations[locale] = { title: t.title, description: t.description ?? "" };
  }
  const prices = { ...current.prices };
  for (const [country, money] of Object.entries(patch.prices ?? {})) {
    if (money === null) delete prices[country];
    else prices[country] = money;
  }
  const draft: ListingDraft = {
    ...current,
    brand: patch.brand ?? current.brand,
    defaultLocale: patch.defaultLocale ?? current.defaultLocale,
    translations,
    price: patch.price ?? current.price,
    prices,
    markets: patch.markets === undefined ? current.markets : [...new Set(patch.markets ?? [])],
    category: patch.category === undefined ? current.category : patch.category,
    attributes: patch.attributes ?? current.attributes,
    images: patch.images ?? current.images,
  };
  return { draft, errors };
}

/**
 * Everything about a draft that a schema cannot see: the default locale has a
 * translation, currencies exist and have a rate, countries are markets, and a
 * country's own price is in the currency that market uses. The count limits are
 * checked here too, on the whole draft: a PATCH body is within them on its own
 * while the listing it merges into grows past them, PATCH after PATCH.
 */
export function checkDraft(draft: ListingDraft, ref: Reference): DraftError[] {
  const errors: DraftError[] = [];
  const locales = Object.keys(draft.translations).length;
  if (locales > LIMITS.locales) {
    errors.push({ code: "too_many_locales", path: "translations", message: `a listing has at most ${LIMITS.locales} locales; this one would have ${locales}` });
  }
  const countries = Object.keys(draft.prices).length;
  if (countries > LIMITS.countries) {
    errors.push({ code: "too_many_countries", path: "prices", message: `a listing has at most ${LIMITS.countries} country prices; this one would have ${countries}` });
  }
  if (!(draft.defaultLocale in draft.translations)) {
    errors.push({ code: "missing_default_translation", path: "defaultLocale", message: `no translation for the default locale ${draft.defaultLocale}` });
  }
  const { currency } = draft.price;
  if (!isKnownCurrency(currency) || !ref.rates.has(currency)) {
    errors.push({ code: "unknown_currency", path: "price.currency", message: `${currency} is not a currency with an FX rate` });
  }
  for (const [country, money] of Object.entries(draft.prices)) {
    const expected = ref.marketCurrency.get(country);
    if (!expected) errors.push({ code: "unknown_country", path: `prices.${country}`, message: `${country} is not a market` });
    else if (money.currency !== expected) {
      errors.push({ code: "currency_mismatch", path: `prices.${country}.currency`, message: `${country} prices are in ${expected}, not ${money.currency}` });
    }
  }
  draft.markets.forEach((country, i) => {
    if (!ref.marketCurrency.has(country)) errors.push({ code: "unknown_country", path: `markets.${i}`, message: `${country} is not a market` });
  });
  return errors;
}
