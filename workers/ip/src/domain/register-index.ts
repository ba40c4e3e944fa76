import { allowedEdits, editDistance, hanOf, phonetic, skeleton, tokenize, wordCodes, type Token } from "./normalize";

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

interface Entry {
  mark: RegisterMark;
  words: number;
  raw: string;
  folded: string;
  skeleton: string;
  phonetic: [string, string];
  han: string;
}

/** Deletion neighbourhood (SymSpell): two strings within k edits share a string made by ≤ k deletions from each. */
function deletions(s: string, k: number): Set<string> {
  const out = new Set([s]);
  let frontier = [s];
  for (let d = 0; d < k; d++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const v = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(v)) {
          out.add(v);
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const MAX_GRAM_WORDS = 4;

/**
 * The reference register indexed for clearance: by folded key, skeleton,
 * phonetic code and deletion neighbourhood, so a title is checked against
 * every mark with a few map look-ups per word group instead of a scan.
 */
export class RegisterIndex {
  private readonly byFolded = new Map<string, Entry[]>();
  private readonly bySkeleton = new Map<string, Entry[]>();
  private readonly byPhonetic = new Map<string, Entry[]>();
  private readonly byDeletion = new Map<string, Entry[]>();
  private readonly hanMarks: Entry[] = [];
  /** For `words:length`, the most edits any mark that near allows: word groups no mark could be near are skipped. */
  private readonly fuzzyShapes = new Map<string, number>();
  readonly size: number;

  constructor(marks: readonly RegisterMark[]) {
    this.size = marks.length;
    for (const mark of marks) {
      const tokens = tokenize(mark.name);
      if (tokens.length === 0) continue;
      const folded = tokens.map((t) => t.folded).join("");
      const entry: Entry = {
        mark,
        words: tokens.length,
        raw: tokens.map((t) => t.raw).join(" "),
        folded,
        skeleton: skeleton(folded),
        phonetic: phonetic(tokens.map((t) => wordCodes(t.folded))),
        han: hanOf(mark.name),
      };
      push(this.byFolded, entry.folded, entry);
      push(this.bySkeleton, entry.skeleton, entry);
      if (entry.folded.length >= 4) for (const code of new Set(entry.phonetic)) if (code.trim()) push(this.byPhonetic, code, entry);
      const edits = allowedEdits(entry.skeleton.length);
      for (const d of deletions(entry.skeleton, edits)) push(this.byDeletion, d, entry);
      for (let len = entry.skeleton.length - edits; edits > 0 && len <= entry.skeleton.length + edits; len++) {
        const shape = `${entry.words}:${len}`;
        this.fuzzyShapes.set(shape, Math.max(edits, this.fuzzyShapes.get(shape) ?? 0));
      }
      if (entry.han) this.hanMarks.push(entry);
    }
  }

  /** Every mark the text resembles, best similarity first, one match per mark. */
  match(text: string): MarkMatch[] {
    const best = new Map<RegisterMark, MarkMatch>();
    const note = (entry: Entry, similarity: number, reasons: MatchReason[], matched: string) => {
      const prev = best.get(entry.mark);
      if (!prev) return void best.set(entry.mark, { mark: entry.mark, similarity, reasons, matched });
      prev.reasons = [...new Set([...prev.reasons, ...reasons])];
      if (similarity > prev.similarity) Object.assign(prev, { similarity, matched });
    };

    const han = hanOf(text);
    if (han) for (const e of this.hanMarks) if (han.includes(e.han)) note(e, 1, han === e.han ? ["exact"] : ["exact", "embedded"], e.han);

    const tokens = tokenize(text);
    const codes = tokens.map((t) => wordCodes(t.folded));
    for (let i = 0; i < tokens.length; i++) {
      for (let n = 1; n <= MAX_GRAM_WORDS && i + n <= tokens.length; n++) {
        const gram = tokens.slice(i, i + n);
        const embedded: MatchReason[] = n < tokens.length ? ["embedded"] : [];
        this.matchGram(gram, codes.slice(i, i + n), (e, sim, reasons) => note(e, sim, [...reasons, ...embedded], gram.map((t) => t.raw).join(" ")));
      }
    }
    return [...best.values()].sort((a, b) => b.similarity - a.similarity);
  }

  private matchGram(gram: Token[], gramCodes: [string, string][], hit: (e: Entry, similarity: number, reasons: MatchReason[]) => void) {
    const folded = gram.map((t) => t.folded).join("");
    const raw = gram.map((t) => t.raw).join(" ");
    const viaPinyin = gram.some((t) => t.pinyin);
    const seen = new Set<Entry>();
    for (const e of this.byFolded.get(folded) ?? []) {
      seen.add(e);
      if (viaPinyin !== Boolean(e.han)) hit(e, 0.95, ["pinyin"]);
      else if (e.han) continue; // Han against Han is the character match in `match`
      else hit(e, raw === e.raw ? 1 : 0.97, [raw === e.raw ? "exact" : "case_width_diacritic"]);
    }
    const skel = skeleton(folded);
    for (const e of this.bySkeleton.get(skel) ?? []) if (!seen.has(e)) (seen.add(e), hit(e, 0.93, ["confusable"]));
    // Fuzzy matching of pinyin would mostly find noise; Chinese marks match by characters or exact pinyin.
    if (folded.length < 4 || viaPinyin) return;

    for (const d of deletions(skel, this.fuzzyShapes.get(`${gram.length}:${skel.length}`) ?? 0)) {
      for (const e of this.byDeletion.get(d) ?? []) {
        if (seen.has(e) || e.words !== gram.length) continue;
        const max = allowedEdits(e.skeleton.length);
        const dist = editDistance(skel, e.skeleton, max);
        if (dist > max) continue;
        seen.add(e);
        hit(e, 1 - dist / Math.max(skel.length, e.skeleton.length), ["near_spelling"]);
      }
    }
    for (const code of new Set(phonetic(gramCodes))) {
      for (const e of this.byPhonetic.get(code) ?? []) {
        if (seen.has(e) || e.words !== gram.length || !soundsAlike(folded, e.folded)) continue;
        seen.add(e);
        hit(e, Math.min(0.84, 0.7 + likeness(folded, e.folded) / 4), ["sound_alike"]);
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
export const sameMark = (a: string, b: string) => skeleton(tokenize(a).map((t) => t.folded).join("")) === skeleton(tokenize(b).map((t) => t.folded).join(""));
