import { doubleMetaphone } from "double-metaphone";
import { pinyin } from "pinyin-pro";
import { CONFUSABLES, CONFUSABLE_SEQUENCES } from "./confusables";

const HAN = /\p{Script=Han}/u;

/** Case, width and diacritic folding: NFKC (full-width → ASCII), NFKD, drop combining marks, lower case. */
export function fold(s: string): string {
  return s.normalize("NFKC").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().normalize("NFC");
}

/** The UTS #39 style skeleton of a folded string: look-alike characters mapped to one prototype. */
export function skeleton(folded: string): string {
  let out = "";
  for (const ch of folded) out += CONFUSABLES[ch] ?? ch;
  for (const [re, to] of CONFUSABLE_SEQUENCES) out = out.replace(re, to);
  return out;
}

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
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const word of text.split(/[^\p{L}\p{N}@$|!€]+/u)) {
    if (!word) continue;
    if (!HAN.test(word)) {
      out.push({ raw: word, folded: fold(word), pinyin: false });
      continue;
    }
    for (const part of word.split(/(\p{Script=Han}+)/u)) {
      if (!part) continue;
      if (!HAN.test(part)) out.push({ raw: part, folded: fold(part), pinyin: false });
      else for (const syl of pinyin(part, { toneType: "none", type: "array", v: true })) out.push({ raw: syl, folded: syl, pinyin: true });
    }
  }
  return out;
}

/** The Han characters of a text, for matching Chinese marks character for character. */
export const hanOf = (text: string) => [...text].filter((c) => HAN.test(c)).join("");

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
