import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { direction, pickUiLocale, type UiLocale } from "./i18n/locale";
import { MESSAGES, type Messages } from "./i18n/messages";

/** Who is shopping, as far as this request tells: the language of the page, their market and how to ask the API. */
export interface Buyer {
  locale: UiLocale;
  dir: "ltr" | "rtl";
  t: Messages;
  country: string | null;
  /** An explicit currency choice (`?currency` or the saved one); null = the market's. */
  currency: string | null;
  /** Headers for the API: the buyer's language, country and location as this request gave them. */
  apiHeaders: Record<string, string>;
  /** The language to ask the catalog for: the buyer's explicit choice, else null (Accept-Language decides). */
  catalogLocale: string | null;
}

const LOCALE_COOKIE = "sf_locale";
const CURRENCY_COOKIE = "sf_currency";
const CURRENCY = /^[A-Z]{3}$/;
const YEAR = 365 * 24 * 3600;

/** The country the edge saw: a header set by the edge or a test, else `request.cf`. */
function edgeCountry(req: Request): string | null {
  const cf = (req as { cf?: IncomingRequestCfProperties }).cf;
  const value = req.headers.get("x-country") ?? req.headers.get("cf-ipcountry") ?? (typeof cf?.country === "string" ? cf.country : null);
  return value && /^[A-Za-z]{2}$/.test(value) && value.toUpperCase() !== "XX" ? value.toUpperCase() : null;
}

function forwardedHeaders(req: Request, country: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  const lang = req.headers.get("accept-language");
  if (lang) out["accept-language"] = lang;
  if (country) out["x-country"] = country;
  const cf = (req as { cf?: IncomingRequestCfProperties }).cf;
  const location = req.headers.get("x-location") ?? (cf?.latitude && cf?.longitude ? `${cf.latitude},${cf.longitude}` : null);
  if (location) out["x-location"] = location;
  return out;
}

/**
 * Works out the buyer once per request. An explicit `?locale` / `?currency` (the switcher) is
 * remembered in a cookie, so the choice sticks without every link carrying it.
 */
export function buyerContext(): MiddlewareHandler {
  return async (c, next) => {
    const req = c.req.raw;
    const country = edgeCountry(req);
    const queryLocale = c.req.query("locale");
    const savedLocale = getCookie(c, LOCALE_COOKIE);
    const locale = pickUiLocale({ query: queryLocale, cookie: savedLocale, acceptLanguage: req.headers.get("accept-language"), country });
    const explicit = queryLocale || savedLocale ? locale : null;
    if (queryLocale) remember(c, LOCALE_COOKIE, locale);
    let currency = (c.req.query("currency") ?? "").toUpperCase();
    if (c.req.query("currency") !== undefined) remember(c, CURRENCY_COOKIE, currency);
    else currency = getCookie(c, CURRENCY_COOKIE) ?? "";
    const buyer: Buyer = {
      locale,
      dir: direction(locale),
      t: MESSAGES[locale],
      country,
      currency: CURRENCY.test(currency) ? currency : null,
      apiHeaders: forwardedHeaders(req, country),
      catalogLocale: explicit,
    };
    c.set("buyer", buyer);
    await next();
  };
}

function remember(c: Context, name: string, value: string) {
  setCookie(c, name, value, { path: "/", sameSite: "Lax", maxAge: value ? YEAR : 0, secure: new URL(c.req.url).protocol === "https:" });
}
