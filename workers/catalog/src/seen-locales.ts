import { neverChosen } from "./domain/locale";

/**
 * Every translation locale this isolate has read, so a public read can name
 * the ones its buyer could never be shown and leave their text out of the
 * query (`ReadShape.skipLocales`). A locale not seen yet is simply read in
 * full: the set only makes reads cheaper, never different. Bounded, so a
 * tenant inventing tags cannot grow it without end (past the bound, new tags
 * are read in full).
 */
const MAX_LOCALES = 512;
const seen = new Set<string>();

// Buyers send a handful of distinct preference lists: each one's answer is kept until a new locale is seen.
const skipFor = new Map<string, string[]>();

export function learnLocales(locales: Iterable<string>) {
  for (const locale of locales) {
    if (seen.has(locale) || seen.size >= MAX_LOCALES) continue;
    seen.add(locale);
    skipFor.clear();
  }
}

/** The seen locales a buyer with these preferences can never be shown; none while the preferences are unknown. */
export function skippableLocales(requested: readonly string[] | undefined): readonly string[] {
  if (!requested) return [];
  const key = requested.join(",");
  let skip = skipFor.get(key);
  if (!skip) {
    skip = neverChosen(requested, seen);
    if (skipFor.size >= 1024) skipFor.clear();
    skipFor.set(key, skip);
  }
  return skip;
}
