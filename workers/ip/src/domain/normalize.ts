import { doubleMetaphone } from "double-metaphone";
import { pinyin } from "pinyin-pro";
import { CONFUSABLES, CONFUSABLE_SEQUENCES } from "./confusables";

const HAN = /\p{Script=Han}/u;

/** NFKC (full-width → ASCII), then NFKD with the combining marks dropped, recomposed (Hangul). */
const baseLetters = (s: string) => s.normalize("NFKC").normalize("NFKD").replace(/\p{M}/gu, "").normalize("NFC");

/** Case, width and diacritic folding: base letters, lower case. */
export function fold(s: string): string {
  return baseLetters(s).toLowerCase().normalize("NFC");
}

const mapLookAlikes = (s: string) => {
  let out = "";
  for (const ch of s) out += CONFUSABLES[ch] ?? ch;
  return out;
};

/**
 * The UTS #39 style skeleton of a text: look-alike characters mapped to one prototype. Mapped on the
 * case-preserved text first: lower-casing first turns a capital into another letter's look-alike
 * (Greek Ν → ν, which maps to v), then again after lower-casing, for what it produced.
 */
export function skeleton(text: string): string {
  let out = mapLookAlikes(mapLookAlikes(baseLetters(text)).toLowerCase());
  for (const [re, to] of CONFUSABLE_SEQUENCES) out = out.replace(re, to);
  return out;
}

/** Characters drawn as nothing (zero-width spaces and joiners, soft hyphens, word joiners, BOMs): dropped, so they cannot split a word. */
export const visible = (text: string) => text.replace(/\p{Default_Ignorable_Code_Point}/gu, "");

/** A word of a title or mark, with the forms each matcher compares. */
export interface Token {
  /** As written (for "exact"). */
  raw: string;
  folded: string;
  /** True when the token is the pinyin of Chinese characters. */
  pinyin: boolean;
}

/**
 * Splits text into words; a run of Chinese characters becomes one pinyin
 * syllable per character, so "小米" is the tokens `xiao mi` and matches "Xiaomi".
 * Combining marks belong to their word (`fold` drops them), so a mark after
 * each letter does not split it into letters.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const word of visible(text).split(/[^\p{L}\p{M}\p{N}@$|!€]+/u)) {
    if (!word || !fold(word)) continue;
    if (!HAN.test(word)) {
      out.push({ raw: word, folded: fold(word), pinyin: false });
      continue;
    }
    for (const part of word.split(/(\p{Script=Han}+)/u)) {
      if (!part || !fold(part)) continue;
      if (!HAN.test(part)) out.push({ raw: part, folded: fold(part), pinyin: false });
      else for (const syl of pinyin(part, { toneType: "none", type: "array", v: true })) out.push({ raw: syl, folded: syl, pinyin: true });
    }
  }
  return out;
}

/**
 * The tokens with each run of two or more one-character words joined into one
 * word ("G·U·C·C·I", "P-R-A-D-A", "N I K E" → one word), or null when there
 * is no such run: spaced-out letters are a mark written with separators, and
 * word-count-bound matching (near spellings) would never see them otherwise.
 */
export function joinLetterRuns(tokens: readonly Token[]): Token[] | null {
  const out: Token[] = [];
  let joined = false;
  for (let i = 0; i < tokens.length; ) {
    let j = i;
    while (j < tokens.length && !tokens[j]!.pinyin && [...tokens[j]!.folded].length === 1) j++;
    if (j - i >= 2) {
      const run = tokens.slice(i, j);
      out.push({ raw: run.map((t) => t.raw).join(""), folded: run.map((t) => t.folded).join(""), pinyin: false });
      joined = true;
      i = j;
    } else out.push(tokens[i++]!);
  }
  return joined ? out : null;
}

/** The Han characters of a text, for matching Chinese marks character for character. */
export const hanOf = (text: string) => [...visible(text)].filter((c) => HAN.test(c)).join("");

/** Double Metaphone codes (primary, alternate) of one folded word. */
export const wordCodes = (word: string): [string, string] => doubleMetaphone(word.replace(/[^a-z]/g, ""));

/** Codes of a multi-word key, word by word, so "Louis Vuitton" and "Luis Vuiton" agree. */
export function phonetic(codes: readonly [string, string][]): [string, string] {
  return [codes.map((c) => c[0]).join(" "), codes.map((c) => c[1]).join(" ")];
}

/**
 * Optimal-string-alignment Damerau–Levenshtein distance: insertions,
 * deletions, substitutions and adjacent transpositions each cost 1. Stops
 * early (returns max + 1) once the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = [new Array<number>(b.length + 1), new Array<number>(b.length + 1), new Array<number>(b.length + 1)];
  for (let j = 0; j <= b.length; j++) rows[1]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    const [prev2, prev, cur] = [rows[0]!, rows[1]!, rows[2]!];
    cur[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    rows.push(rows.shift()!);
  }
  return rows[1]![b.length]!;
}

/** Edits a key of this length may differ by and still be a near spelling: none for short marks, where one letter makes a new word. */
export const allowedEdits = (length: number) => (length >= 9 ? 2 : length >= 5 ? 1 : 0);
