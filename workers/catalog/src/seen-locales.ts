import { MAX_RANGES, neverChosen } from "./domain/locale";

/**
 * Every translation locale this isolate has read, so a public read can name
 * the ones its buyer could never be shown and leave their text out of the
 * query (`ReadShape.skipLocales`). A locale not seen yet is simply read in
 * full: the set only makes reads cheaper, never different. Bounded, so a
 * tenant inventing tags cannot grow it without end (past the bound, new tags
 * are read in full).
 */
const MAX_LOCALES = 256;
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
 * Working out a new preference list matches each of its tags against each seen locale (~20 µs a pair). The work is
 * budgeted in pairs, not lists: a list costs its tags × the seen locales, which a tenant inflating the set (made-up
 * but well-formed tags) or a buyer rotating headers both raise. At most this many pairs a second, about 30 ms of
 * CPU, and room for one list of the most tags against the most locales; past it a read just leaves nothing out
 * (always correct, only a few more bytes from D1) until the next second.
 */
export const PAIRS_PER_SECOND = MAX_RANGES * MAX_LOCALES;
let second = 0;
let pairsLeft = PAIRS_PER_SECOND;

/** Takes `pairs` from this second's budget, or none of it when they do not fit. */
function mayMatch(pairs: number, now: number): boolean {
  const s = Math.floor(now / 1000);
  if (s !== second) [second, pairsLeft] = [s, PAIRS_PER_SECOND];
  if (pairs > pairsLeft) return false;
  pairsLeft -= pairs;
  return true;
}

/**
 * The seen locales a buyer with these preferences can never be shown; none while the preferences are unknown, or
 * while this second's matching budget cannot pay for them. `match` is the matcher (tests count its pairs).
 */
export function skippableLocales(requested: readonly string[] | undefined, now = Date.now(), match = neverChosen): readonly string[] {
  if (!requested) return [];
  const key = requested.join(",");
  let skip = skipFor.get(key);
  if (!skip) {
    if (!mayMatch(requested.length * seen.size, now)) return [];
    skip = match(requested, seen);
    if (skipFor.size >= 1024) skipFor.clear();
    skipFor.set(key, skip);
  }
  return skip;
}
