import type { Hono, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { CONSOLE_LOCALE_COOKIE, CONSOLE_LOCALES, consoleUi, pickConsoleLocale } from "../../i18n/console";
import type { SfEnv } from "../../types";

/** Puts the seller's console language on the context (saved choice, then Accept-Language) and says the page varies by it. */
export function consoleLanguage(): MiddlewareHandler<SfEnv> {
  return async (c, next) => {
    if (c.get("ui")) return next();
    c.set("ui", consoleUi(pickConsoleLocale(getCookie(c, CONSOLE_LOCALE_COOKIE), c.req.header("accept-language"))));
    await next();
    c.header("vary", "Accept-Language, Cookie", { append: true });
  };
}

/** Only a path inside the console is a place to go back to: never another site. */
const backTo = (value: string | undefined) => (value && /^\/console(\/[\w\-./%]*)?(\?[\w\-=&%.]*)?$/.test(value) && !value.includes("//") ? value : "/console");

/** The page a Referer names when it is on this origin; a Referer that is no URL names none (the browser's word, not ours). */
function sameOriginPage(referer: string | undefined, url: string): string | undefined {
  if (!referer) return undefined;
  try {
    const from = new URL(referer, url);
    return from.origin === new URL(url).origin ? from.pathname + from.search : undefined;
  } catch {
    return undefined;
  }
}

/** `GET /console/lang?locale=` (the switcher, a plain form): remembers the choice and goes back to the page it came from. */
export function registerConsoleLanguage(app: Hono<SfEnv>) {
  app.get("/console/lang", (c) => {
    const locale = c.req.query("locale") ?? "";
    if (locale in CONSOLE_LOCALES) {
      setCookie(c, CONSOLE_LOCALE_COOKIE, locale, { path: "/console", sameSite: "Lax", httpOnly: true, maxAge: 365 * 24 * 3600, secure: new URL(c.req.url).protocol === "https:" });
    }
    return c.redirect(backTo(sameOriginPage(c.req.header("referer"), c.req.url)), 303);
  });
}
