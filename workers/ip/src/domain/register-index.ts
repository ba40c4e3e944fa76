import { allowedEdits, editDistance, hanOf, joinLetterRuns, phonetic, skeleton, tokenize, wordCodes, type Token } from "./normalize";

/** A third-party mark as the reference register holds it. */
export interface RegisterMark {
  id: string;
  name: string;
  owner: string;
  jurisdiction: string;
  registrationNumber: string;
  niceClasses: number[];
  designations: string[];
  status: string;
}

export type MatchReason = "exact" | "case_width_diacritic" | "confusable" | "near_spelling" | "sound_alike" | "pinyin" | "embedded";

/** A mark the text resembles, before market and class scoping. */
export interface MarkMatch {
  mark: RegisterMark;
  similarity: number;
  reasons: MatchReason[];
  /** The words of the text that resemble the mark. */
  matched: string;
}

/**
 * One name of the register in every form the matchers compare, with every
 * mark registered under it: a brand is usually registered in many offices
 * (the seeded register holds 1,445 marks under 281 names), and a name is
 * scored once however many marks carry it.
 */
interface Entry {
  marks: RegisterMark[];
  words: number;
  raw: string;
  folded: string;
  skeleton: string;
  phonetic: [string, string];
  han: string;
  /** Letters present in the skeleton, one bit each (see `letterMask`). */
  mask: number;
  /** The last word group that took this entry as a candidate (dedup without a Set). */
  stamp: number;
}

/** One word group of a text, in every form the matchers compare. */
interface Gram {
  words: number;
  raw: string;
  folded: string;
  skeleton: string;
  mask: number;
  codes: [string, string];
  viaPinyin: boolean;
}

type Scored = { similarity: number; reasons: MatchReason[] };

/**
 * A 32-bit set of the characters of a string: a–z one bit each, anything else
 * folded into six more. One edit changes at most two bits (a substitution
 * drops one letter and adds another; an insertion or deletion one; a
 * transposition none), so strings within k edits differ in at most 2k bits:
 * a necessary condition checked before any edit distance is computed.
 */
function letterMask(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    m |= 1 << (c >= 97 && c <= 122 ? c - 97 : 26 + (c % 6));
  }
  return m;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const MAX_GRAM_WORDS = 4;
/** The most edits any mark allows (`allowedEdits`): how far a near spelling's length can differ. */
const MAX_EDITS = 2;

/**
 * How one word group of a text resembles one mark, or null: the single
 * definition of a match. The index only chooses which marks to ask about;
 * `RegisterIndex.scan` asks about every mark, and tests pin that both agree.
 * The first rule that holds decides: same folded form (exact, case/width/
 * diacritic, or pinyin), same skeleton (confusable), within the mark's
 * allowed edits (near spelling), then a shared phonetic code (sound-alike).
 */
function score(g: Gram, e: Entry): Scored | null {
  if (e.folded === g.folded) {
    if (g.viaPinyin !== Boolean(e.han)) return { similarity: 0.95, reasons: ["pinyin"] };
    if (e.han) return null; // Han against Han is the character match in `match`
    return g.raw === e.raw ? { similarity: 1, reasons: ["exact"] } : { similarity: 0.97, reasons: ["case_width_diacritic"] };
  }
  if (e.skeleton === g.skeleton) return { similarity: 0.93, reasons: ["confusable"] };
  // Fuzzy matching of pinyin would mostly find noise; Chinese marks match by characters or exact pinyin.
  if (g.folded.length < 4 || g.viaPinyin || e.words !== g.words) return null;
  const max = allowedEdits(e.skeleton.length);
  if (max > 0 && popcount(g.mask ^ e.mask) <= 2 * max) {
    const dist = editDistance(g.skeleton, e.skeleton, max);
    if (dist <= max) return { similarity: 1 - dist / Math.max(g.skeleton.length, e.skeleton.length), reasons: ["near_spelling"] };
  }
  if (e.folded.length >= 4 && sharesCode(g.codes, e.phonetic) && soundsAlike(g.folded, e.folded)) {
    return { similarity: Math.min(0.84, 0.7 + likeness(g.folded, e.folded) / 4), reasons: ["sound_alike"] };
  }
  return null;
}

const sharesCode = (a: [string, string], b: [string, string]) =>
  (b[0] !== "" && b[0].trim() !== "" && (b[0] === a[0] || b[0] === a[1])) || (b[1] !== "" && b[1].trim() !== "" && (b[1] === a[0] || b[1] === a[1]));

/**
 * The reference register indexed for clearance, built once per register
 * version and shared by every call in the isolate. A word group of a text is
 * scored only against the marks the index offers for it: those with its
 * folded form or skeleton (maps), a phonetic code (map), or, for near
 * spellings, the marks of its word count whose skeleton length is within
 * reach (buckets by `words:length`, filtered by a letter-set mask). No call
 * scans the register; `scan` does, as the tests' oracle.
 */
export class RegisterIndex {
  private readonly entries: Entry[] = [];
  private readonly byFolded = new Map<string, Entry[]>();
  private readonly bySkeleton = new Map<string, Entry[]>();
  private readonly byPhonetic = new Map<string, Entry[]>();
  /** Marks that allow edits, by `words:skeleton length`. */
  private readonly byShape = new Map<string, Entry[]>();
  /** Chinese marks by their first character. */
  private readonly byHanHead = new Map<string, Entry[]>();
  private calls = 0;
  readonly size: number;

  constructor(marks: readonly RegisterMark[]) {
    this.size = marks.length;
    const byName = new Map<string, Entry>();
    for (const mark of marks) {
      const named = byName.get(mark.name);
      if (named) {
        named.marks.push(mark);
        continue;
      }
      const tokens = tokenize(mark.name);
      if (tokens.length === 0) continue;
      const folded = tokens.map((t) => t.folded).join("");
      const skel = skeleton(tokens.map((t) => t.raw).join(""));
      const entry: Entry = {
        marks: [mark],
        words: tokens.length,
        raw: tokens.map((t) => t.raw).join(" "),
        folded,
        skeleton: skel,
        phonetic: phonetic(tokens.map((t) => wordCodes(t.folded))),
        han: hanOf(mark.name),
        mask: letterMask(skel),
        stamp: 0,
      };
      byName.set(mark.name, entry);
      this.entries.push(entry);
      push(this.byFolded, entry.folded, entry);
      push(this.bySkeleton, entry.skeleton, entry);
      if (entry.folded.length >= 4) for (const code of new Set(entry.phonetic)) if (code.trim()) push(this.byPhonetic, code, entry);
      if (allowedEdits(skel.length) > 0) push(this.byShape, `${entry.words}:${skel.length}`, entry);
      if (entry.han) push(this.byHanHead, [...entry.han][0]!, entry);
    }
  }

  /** Every mark the text resembles, best similarity first, one match per mark. */
  match(text: string): MarkMatch[] {
    return this.run(text, (g, take) => {
      const stamp = ++this.calls;
      const offer = (list: Entry[] | undefined) => {
        if (list) for (const e of list) if (e.stamp !== stamp) (e.stamp = stamp, take(e));
      };
      offer(this.byFolded.get(g.folded));
      offer(this.bySkeleton.get(g.skeleton));
      if (g.folded.length < 4 || g.viaPinyin) return;
      // A bucket offers only the marks whose letters could be within its edits: near spelling is all it is for.
      for (let len = g.skeleton.length - MAX_EDITS; len <= g.skeleton.length + MAX_EDITS; len++) {
        const bits = 2 * allowedEdits(len);
        for (const e of this.byShape.get(`${g.words}:${len}`) ?? []) if (e.stamp !== stamp && popcount(g.mask ^ e.mask) <= bits) (e.stamp = stamp, take(e));
      }
      offer(this.byPhonetic.get(g.codes[0]));
      offer(this.byPhonetic.get(g.codes[1]));
    }, (han, note) => {
      let at = 0;
      for (const ch of han) {
        for (const e of this.byHanHead.get(ch) ?? []) if (han.startsWith(e.han, at)) note(e);
        at += ch.length;
      }
    });
  }

  /** What `match` answers, found by scoring every mark of the register: the oracle the index is tested against. */
  scan(text: string): MarkMatch[] {
    return this.run(text, (_g, take) => this.entries.forEach(take), (han, note) => this.entries.forEach((e) => e.han && han.includes(e.han) && note(e)));
  }

  private run(
    text: string,
    candidates: (g: Gram, take: (e: Entry) => void) => void,
    hanCandidates: (han: string, note: (e: Entry) => void) => void,
  ): MarkMatch[] {
    const best = new Map<RegisterMark, MarkMatch>();
    const note = (entry: Entry, similarity: number, reasons: MatchReason[], matched: string) => {
      for (const mark of entry.marks) {
        const prev = best.get(mark);
        if (!prev) {
          best.set(mark, { mark, similarity, reasons, matched });
          continue;
        }
        prev.reasons = [...new Set([...prev.reasons, ...reasons])];
        if (similarity > prev.similarity) Object.assign(prev, { similarity, matched });
      }
    };

    const han = hanOf(text);
    if (han) {
      const found = new Set<Entry>();
      hanCandidates(han, (e) => found.add(e));
      for (const e of found) note(e, 1, han === e.han ? ["exact"] : ["exact", "embedded"], e.han);
    }

    const tokens = tokenize(text);
    // Spaced-out letters ("G·U·C·C·I") are read both as written and as the one word they spell.
    for (const list of [tokens, joinLetterRuns(tokens)]) if (list) this.grams(list, candidates, note);
    return [...best.values()].sort((a, b) => b.similarity - a.similarity);
  }

  private grams(tokens: readonly Token[], candidates: (g: Gram, take: (e: Entry) => void) => void, note: (entry: Entry, similarity: number, reasons: MatchReason[], matched: string) => void) {
    const codes = tokens.map((t) => wordCodes(t.folded));
    for (let i = 0; i < tokens.length; i++) {
      for (let n = 1; n <= MAX_GRAM_WORDS && i + n <= tokens.length; n++) {
        const words = tokens.slice(i, i + n);
        const folded = words.map((t) => t.folded).join("");
        const skel = skeleton(words.map((t) => t.raw).join(""));
        const gram: Gram = {
          words: n,
          raw: words.map((t) => t.raw).join(" "),
          folded,
          skeleton: skel,
          mask: letterMask(skel),
          codes: phonetic(codes.slice(i, i + n)),
          viaPinyin: words.some((t) => t.pinyin),
        };
        const embedded: MatchReason[] = n < tokens.length ? ["embedded"] : [];
        candidates(gram, (e) => {
          const s = score(gram, e);
          if (s) note(e, s.similarity, [...s.reasons, ...embedded], gram.raw);
        });
      }
    }
  }
}

const likeness = (a: string, b: string) => 1 - editDistance(a, b) / Math.max(a.length, b.length);
const syllables = (s: string) => s.match(/[aeiouy]+/g)?.length ?? 0;

/**
 * A shared phonetic code alone is too loose ("Nick" and "Nike", "hand" and
 * "Honda"): sound-alikes must also start alike, have as many syllables and be
 * spelled at least half alike.
 */
const soundsAlike = (a: string, b: string) => a[0] === b[0] && syllables(a) === syllables(b) && likeness(a, b) >= 0.55;

/** Whether two names are one mark for the "own marks" rule: same skeleton. */
export const sameMark = (a: string, b: string) => skeleton(tokenize(a).map((t) => t.raw).join("")) === skeleton(tokenize(b).map((t) => t.raw).join(""));
