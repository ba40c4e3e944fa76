import { negotiateLocale, parseAcceptLanguage } from "../../../../catalog/src/domain/locale";
import { formatMoney } from "../../../../../shared/money/format";
import { en, type ConsoleKey, type ConsoleMessages } from "./en";
import { zhHans } from "./zh-Hans";

/** The languages the seller console is written in, each with its own name for the switcher. */
export const CONSOLE_LOCALES = { en: "English", "zh-Hans": "简体中文" } as const;
export type ConsoleLocale = keyof typeof CONSOLE_LOCALES;
const CATALOGS: Record<ConsoleLocale, ConsoleMessages> = { en, "zh-Hans": zhHans };
const TAGS = Object.keys(CONSOLE_LOCALES) as ConsoleLocale[];

/** The cookie that keeps a seller's switcher choice (Path=/console). */
export const CONSOLE_LOCALE_COOKIE = "ecp_console_lang";

/**
 * The console's language: the seller's saved choice, else the best match of `Accept-Language`
 * by the catalog's locale matcher (@formatjs/intl-localematcher: `zh-CN`, `zh-SG` → zh-Hans),
 * else English. Only a language we have words in counts.
 */
export function pickConsoleLocale(saved: string | null | undefined, acceptLanguage: string | null | undefined): ConsoleLocale {
  for (const value of [saved, acceptLanguage]) {
    if (!value) continue;
    const chosen = negotiateLocale(parseAcceptLanguage(value), TAGS, "und");
    if (chosen !== "und") return chosen as ConsoleLocale;
  }
  return "en";
}

/** Everything a console page says and how it writes dates, in one language. */
export interface ConsoleUi {
  locale: ConsoleLocale;
  t: ConsoleMessages;
  /** A message with its `{name}` placeholders filled in. */
  f(key: ConsoleKey, vars: Record<string, string | number>): string;
  /** A calendar date (`2026-12-10`, or the date of a timestamp) written the seller's way. */
  date(value: string): string;
  /** A moment, to the minute, in UTC, written the seller's way. */
  dateTime(value: string): string;
  /** An amount in minor units of `currency`, written the seller's way (Intl, the currency's ISO digits). */
  money(amount: number, currency: string): string;
  /** An API value (a stage, a status, a room kind) in words, or the value itself when it has none. */
  word(prefix: "stage_" | "status_" | "kind_" | "node_" | "action_", value: string): string;
}

const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

const uis = new Map<ConsoleLocale, ConsoleUi>();
/** The (memoized: formatters are costly to build) UI of one console language. */
export function consoleUi(locale: ConsoleLocale): ConsoleUi {
  let ui = uis.get(locale);
  if (ui) return ui;
  const t = CATALOGS[locale];
  // Calendar dates are UTC days in the API; moments are shown in UTC and say so.
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const moments = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC", hourCycle: "h23" });
  const parse = (v: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  const safe = (fmt: Intl.DateTimeFormat, v: string, suffix = "") => (Number.isNaN(parse(v).getTime()) ? v : fmt.format(parse(v)) + suffix);
  ui = {
    locale,
    t,
    f: (key, vars) => fill(t[key], vars),
    date: (v) => safe(dates, v),
    dateTime: (v) => safe(moments, v, " UTC"),
    money: (amount, currency) => formatMoney(amount, currency, locale),
    word: (prefix, value) => (t as Record<string, string>)[prefix + value] ?? value.replace(/_/g, " "),
  };
  uis.set(locale, ui);
  return ui;
}
