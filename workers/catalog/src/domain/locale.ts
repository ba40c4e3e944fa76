import { match } from "@formatjs/intl-localematcher";

/** One language range from `Accept-Language`, canonicalised. */
export interface LanguageRange {
  tag: string;
  q: number;
}

const canonical = (tag: string): string | null => {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
};

// A storefront's buyers send a handful of distinct headers: canonicalising each once per isolate is enough.
const parsed = new Map<string, readonly string[]>();

/**
 * Ranges kept from one header. Browsers send two to six; every kept tag is matched against every locale the
 * isolate has seen (`neverChosen`), so a hostile 32-tag header cost ~100 ms of CPU before this bound.
 */
export const MAX_RANGES = 6;

/**
 * `Accept-Language` as canonical tags, best first (RFC 9110 §12.5.4): q-values
 * order it, equal q keeps the client's order, q=0 and `*` and malformed tags
 * are dropped, and only the best `MAX_RANGES` are kept. Bounded so a hostile
 * header costs little; memoised per isolate.
 */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  let tags = parsed.get(header);
  if (!tags) {
    tags = parseRanges(header);
    if (parsed.size >= 1024) parsed.clear();
    parsed.set(header, tags);
  }
  return tags.slice(); // callers own their copy
}

function parseRanges(header: string): string[] {
  const ranges: (LanguageRange & { i: number })[] = [];
  const parts = header.slice(0, 1024).split(",").slice(0, 32);
  parts.forEach((part, i) => {
    const [rawTag, ...params] = part.trim().split(";");
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p);
      if (m) q = Math.min(1, Number(m[1]));
    }
    const tag = rawTag && rawTag !== "*" ? canonical(rawTag.trim()) : null;
    if (tag && q > 0) ranges.push({ tag, q, i });
  });
  ranges.sort((a, b) => b.q - a.q || a.i - b.i);
  return [...new Set(ranges.map((r) => r.tag))].slice(0, MAX_RANGES);
}

const NONE = "und";
// Listings share a handful of locale sets, so a bounded memo skips the matcher on almost every item.
const memo = new Map<string, string>();

/**
 * The translation to show: the best CLDR match of the requested tags among
 * `available` (so zh-HK finds zh-Hant, pt finds pt-BR), else RFC 4647 lookup
 * that truncates the tag (zh-Hant-HK → zh-Hant → zh), else `defaultLocale`.
 */
export function negotiateLocale(requested: readonly string[], available: readonly string[], defaultLocale: string): string {
  if (requested.length === 0 || available.length === 0) return defaultLocale;
  const key = `${requested.join(",")}|${available.join(",")}|${defaultLocale}`;
  let chosen = memo.get(key);
  if (chosen === undefined) {
    chosen = matchLocale(requested, available, defaultLocale);
    if (memo.size >= 4096) memo.clear();
    memo.set(key, chosen);
  }
  return chosen;
}

/**
 * The tags among `tags` that `negotiateLocale(requested, available, d)` can
 * never pick for a listing whose default `d` is not that tag, whatever else
 * is available: a read may leave their text out. Matching only ever picks
 * a tag it would also pick were that tag alone (a best-fit winner beats every
 * rival and the threshold; a lookup hit is found by truncating the requested
 * tags, rivals aside), so each tag is tested alone. With nothing requested
 * only the default is ever picked.
 */
export function neverChosen(requested: readonly string[], tags: Iterable<string>): string[] {
  const out: string[] = [];
  for (const tag of tags) if (negotiateLocale(requested, [tag], NONE) !== tag) out.push(tag);
  return out;
}

function matchLocale(requested: readonly string[], available: readonly string[], defaultLocale: string): string {
  const avail = [...available];
  const best = match([...requested], avail, NONE, { algorithm: "best fit" });
  if (best !== NONE && avail.includes(best)) return best;
  const lookup = match([...requested], avail, NONE, { algorithm: "lookup" });
  if (lookup !== NONE && avail.includes(lookup)) return lookup;
  return defaultLocale;
}
