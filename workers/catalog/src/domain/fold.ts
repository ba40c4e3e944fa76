/**
 * Text folded for short-term search: the LIKE of a one- or two-character word must fold as the index's MATCH
 * does (`trigram remove_diacritics 1`: case folded, diacritics of Latin letters removed, combining diacritics
 * dropped), so `üb` finds `ÉTÉ ÜB` as `été` does. Folding is per code point, so D1 can do the same from a
 * table (`text_folds`, migration 0036: every code point this folds to something else) for translations a
 * writer stored without their folded text, and the two agree (test/search-folding.test.ts checks every code point).
 */

const COMBINING_DIACRITICS = /[\u0300-\u036f]/g;
const LATIN = /^\p{Script=Latin}/u;

/** One code point, folded (possibly to nothing or to two code points). */
export function foldChar(c: string): string {
  if (c < "\u0080") return c.toLowerCase();
  const cp = c.codePointAt(0)!;
  if (cp >= 0x300 && cp <= 0x36f) return "";
  let base = c.normalize("NFD");
  if (LATIN.test(base)) base = base.replace(COMBINING_DIACRITICS, "");
  const lower = base.normalize("NFC").toLowerCase();
  // Case folding, not lowercasing, where it stays one character: final ς is σ (a lowercased query turns Σ into ς).
  const folded = lower.toUpperCase().toLowerCase();
  return folded.length === lower.length ? folded : lower;
}

// Texts repeat few distinct characters beyond ASCII; bounded, as an isolate's text has no bound on them.
const memo = new Map<string, string>();
const MEMO_ENTRIES = 4096;

/** A text folded code point by code point (`foldChar`). */
export function foldText(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase();
  let out = "";
  for (const c of text) {
    if (c < "\u0080") {
      out += c.toLowerCase();
      continue;
    }
    let f = memo.get(c);
    if (f === undefined) {
      f = foldChar(c);
      if (memo.size >= MEMO_ENTRIES) memo.clear();
      memo.set(c, f);
    }
    out += f;
  }
  return out;
}
