import { negotiateLocale, parseAcceptLanguage } from "../../../catalog/src/domain/locale";

/** The languages the storefront's own words are written in (the catalog's listings may have more). */
export const UI_LOCALES = ["en", "de", "fr", "es", "ja", "zh-Hans", "ar"] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

const RTL = new Set<string>(["ar"]);

/** `rtl` for scripts written right to left. */
export const direction = (locale: string): "ltr" | "rtl" => (RTL.has(locale.split("-")[0]!) ? "rtl" : "ltr");

/** The first language of each market the catalog sells in, for a buyer whose browser says nothing we speak. */
const MARKET_LANGUAGE: Record<string, string> = {
  US: "en", CA: "en", GB: "en", AU: "en", NZ: "en", SG: "en", IN: "en", HK: "zh-Hant",
  MX: "es", AR: "es", CL: "es", CO: "es", ES: "es", DE: "de", AT: "de", CH: "de", FR: "fr", BE: "fr",
  IT: "it", NL: "nl", SE: "sv", PL: "pl", BR: "pt-BR", TR: "tr", IL: "he", KR: "ko", ID: "id",
  SA: "ar", AE: "ar", KW: "ar", BH: "ar", JP: "ja", CN: "zh-Hans", TW: "zh-Hant",
};

export interface LocaleInputs {
  query?: string | null;
  cookie?: string | null;
  acceptLanguage?: string | null;
  country?: string | null;
}

const NONE = "und";
const pick = (tags: string[]): UiLocale | null => {
  const chosen = negotiateLocale(tags, UI_LOCALES, NONE);
  return chosen === NONE ? null : (chosen as UiLocale);
};
const tags = (value: string | null | undefined) => (value ? parseAcceptLanguage(value) : []);

/**
 * The UI language: an explicit `?locale`, else the buyer's saved choice, else the best match of
 * `Accept-Language`, else the market's language, else English. Each step only counts when we
 * have words in a language it matches (`de-AT` → de, `zh-SG` → zh-Hans).
 */
export function pickUiLocale(input: LocaleInputs): UiLocale {
  return (
    pick(tags(input.query)) ??
    pick(tags(input.cookie)) ??
    pick(tags(input.acceptLanguage)) ??
    pick(tags(input.country ? MARKET_LANGUAGE[input.country.toUpperCase()] : null)) ??
    "en"
  );
}
