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

/**
 * Each new preference list costs the matcher (its tags × the seen locales, ~20 µs a pair). A buyer sending a
 * new list with every request could spend the isolate's CPU on it: past this many new lists a second, a read
 * just leaves nothing out (always correct, only a few more bytes from D1) until the next second.
 */
const NEW_LISTS_PER_SECOND = 10;
let second = 0;
let newLists = 0;

function mayWorkOut(now: number): boolean {
  const s = Math.floor(now / 1000);
  if (s !== second) [second, newLists] = [s, 0];
  return ++newLists <= NEW_LISTS_PER_SECOND;
}

/** The seen locales a buyer with these preferences can never be shown; none while the preferences are unknown. */
export function skippableLocales(requested: readonly string[] | undefined, now = Date.now()): readonly string[] {
  if (!requested) return [];
  const key = requested.join(",");
  let skip = skipFor.get(key);
  if (!skip) {
    if (!mayWorkOut(now)) return [];
    skip = neverChosen(requested, seen);
    if (skipFor.size >= 1024) skipFor.clear();
    skipFor.set(key, skip);
  }
  return skip;
}
