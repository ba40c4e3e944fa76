import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { direction, pickUiLocale, type UiLocale } from "./i18n/locale";
import { buyerEdgeOf } from "./buyer-edge";
import { MESSAGES, type Messages } from "./i18n/messages";

/** Who is shopping, as far as this request tells: the language of the page, their market and how to ask the API. */
export interface Buyer {
  locale: UiLocale;
  dir: "ltr" | "rtl";
  t: Messages;
  country: string | null;
  /** An explicit currency choice (`?currency` or the saved one); null = the market's. */
  currency: string | null;
  /** Headers for the API: the buyer's language (country and location go as each call's `cf`: buyer-edge.ts). */
  apiHeaders: Record<string, string>;
  /** `lat,lon` as the gateway established it (the API sees it too, as each call's `cf`). */
  location: string | null;
  /** The language to ask the catalog for: the buyer's explicit choice, else null (Accept-Language decides). */
  catalogLocale: string | null;
}

const LOCALE_COOKIE = "sf_locale";
const CURRENCY_COOKIE = "sf_currency";
/** Currencies a buyer may switch to; the default is always the market's own. */
export const CURRENCIES = ["EUR", "USD", "GBP", "JPY", "CNY", "SAR", "AED", "CHF"];
const YEAR = 365 * 24 * 3600;

/**
 * What the API calls say about the buyer in headers: their language. Their country and location go as the
 * call's `cf` (buyer-edge.ts), the only form a production gateway trusts; client location headers it ignores.
 */
function forwardedHeaders(req: Request): Record<string, string> {
  const lang = req.headers.get("accept-language");
  return lang ? { "accept-language": lang } : {};
}

/**
 * Works out the buyer once per request. An explicit `?locale` / `?currency` (the switcher) is
 * remembered in a cookie, so the choice sticks without every link carrying it.
 */
export function buyerContext(): MiddlewareHandler {
  return async (c, next) => {
    const req = c.req.raw;
    // As the gateway established it (`request.cf` in production), in headers it strips from every incoming
    // request: a buyer cannot choose their country by sending a header.
    const edge = buyerEdgeOf(req.headers);
    const country = edge.country ?? null;
    const queryLocale = c.req.query("locale");
    const savedLocale = getCookie(c, LOCALE_COOKIE);
    const locale = pickUiLocale({ query: queryLocale, cookie: savedLocale, acceptLanguage: req.headers.get("accept-language"), country });
    const explicit = queryLocale || savedLocale ? locale : null;
    if (queryLocale) remember(c, LOCALE_COOKIE, locale);
    // Only the switcher's currencies are kept or sent: a link with `?currency=XYZ` must not leave a year-long
    // cookie that the catalog refuses on every page.
    const offered = (value: string | undefined) => (value && CURRENCIES.includes(value.toUpperCase()) ? value.toUpperCase() : "");
    let currency = offered(c.req.query("currency"));
    if (c.req.query("currency") !== undefined) remember(c, CURRENCY_COOKIE, currency);
    else currency = offered(getCookie(c, CURRENCY_COOKIE));
    const buyer: Buyer = {
      locale,
      dir: direction(locale),
      t: MESSAGES[locale],
      country,
      currency: currency || null,
      apiHeaders: forwardedHeaders(req),
      location: edge.latitude !== undefined ? `${edge.latitude},${edge.longitude}` : null,
      catalogLocale: explicit,
    };
    c.set("buyer", buyer);
    await next();
  };
}

function remember(c: Context, name: string, value: string) {
  setCookie(c, name, value, { path: "/", sameSite: "Lax", maxAge: value ? YEAR : 0, secure: new URL(c.req.url).protocol === "https:" });
}
