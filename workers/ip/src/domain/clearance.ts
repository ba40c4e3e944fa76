import type { ClearanceFinding as Finding, ClearanceRequest as ClearanceInput, ClearanceResult } from "../../../../shared/rpc/ip";
import { isOrdinaryWord } from "./dictionary";
import { covers } from "./jurisdictions";
import { fold, tokenize } from "./normalize";
import { sameMark, type MarkMatch, type RegisterIndex, type RegisterMark } from "./register-index";

/** What clearance needs of the tenant's own trademarks. */
export interface OwnMark {
  id: string;
  name: string;
  owner: string;
  jurisdiction: string;
  designations: string[];
  registrationNumber: string | null;
  /** Only a claim the platform verified clears the register mark it names (see `claimOf`). */
  ownership: { status: "unverified" | "verified" | "rejected" };
}

/** A finding this similar holds a listing; below it the seller is warned. */
export const BLOCK_AT = 0.85;

/**
 * The tenant's own trademark that claims this register mark: the same name, and this very registration or
 * its registered owner. Both are public, so a claim only clears the mark once the platform has verified it;
 * an unverified one leaves the finding standing, marked `ownership_unverified`.
 */
const claimOf = (own: readonly OwnMark[], mark: RegisterMark) => {
  const claims = own.filter(
    (o) =>
      sameMark(o.name, mark.name) &&
      ((o.jurisdiction === mark.jurisdiction && o.registrationNumber === mark.registrationNumber) || fold(o.owner).trim() === fold(mark.owner).trim()),
  );
  return claims.find((o) => o.ownership.status === "verified") ?? claims.find((o) => o.ownership.status === "unverified");
};

/** Whether the text's words that matched are all ordinary words, spelled as the dictionary spells them (no look-alike characters). */
const inDictionarySpelling = (m: MarkMatch) =>
  !m.reasons.includes("confusable") && !m.reasons.includes("pinyin") && tokenize(m.matched).every((t) => !t.pinyin && isOrdinaryWord(t.raw));

/**
 * How a match reads when the text's words are ordinary dictionary words:
 * "drop" when the text spells its own word, not the mark ("hair" is no
 * misspelling of HAIER, "phone" none of IPHONE); "review" when a one-word
 * mark that is itself an ordinary word (APPLE, GAP, COACH, SHELL) appears as
 * that word with nothing saying it is the brand; "brand" otherwise.
 *
 * What says it is the brand, as a clearance examiner would read it: the
 * listing's classes overlap the mark's (the word used for the mark's own
 * goods; in other classes only a brand use is kept), the listing's brand is the mark, or
 * the text also names another mark of the same owner ("Apple AirPods",
 * "Samsung Galaxy"). A look-alike spelling ("Аpple" in Cyrillic) is never a
 * dictionary use. Well-known marks get no exception: their wider protection
 * is against use as a mark, which a dictionary use ("apple pie recipe book")
 * is not, and the review still shows the finding to a person.
 */
function dictionaryUse(m: MarkMatch, all: readonly MarkMatch[], input: ClearanceInput): "drop" | "review" | "brand" {
  if (!inDictionarySpelling(m)) return "brand";
  const spelledAlike = m.reasons.includes("exact") || m.reasons.includes("case_width_diacritic");
  if (!spelledAlike) return "drop";
  if (tokenize(m.mark.name).length !== 1) return "brand";
  if ((input.niceClasses ?? []).some((c) => m.mark.niceClasses.includes(c))) return "brand";
  if (input.brand && sameMark(input.brand, m.mark.name)) return "brand";
  const owner = fold(m.mark.owner).trim();
  const sibling = all.some((o) => o.mark.name !== m.mark.name && fold(o.mark.owner).trim() === owner && !inDictionarySpelling(o));
  return sibling ? "brand" : "review";
}

/**
 * Clears a listing's text and brand against the register in its markets:
 * matches are scoped to marks covering a requested market and sharing a Nice
 * class (when classes are given; a copy of a coined mark in other classes is a
 * `class_mismatch` warning); the tenant's own verified marks are dropped; an
 * ordinary word used in its dictionary sense goes to review at worst
 * (`dictionaryUse`).
 */
export function clear(index: RegisterIndex, own: readonly OwnMark[], input: ClearanceInput): ClearanceResult {
  const matches = [...index.match(input.text), ...(input.brand ? index.match(input.brand) : [])];
  const classes = new Set(input.niceClasses ?? []);
  const byMark = new Map<string, Finding>();
  const reviewOnly = new Set<string>();
  for (const m of matches) {
    const markets = input.markets.filter((market) => covers(m.mark.jurisdiction, m.mark.designations, market));
    if (markets.length === 0) continue;
    const otherClasses = classes.size > 0 && m.mark.niceClasses.length > 0 && !m.mark.niceClasses.some((c) => classes.has(c));
    // The seller picks the category, so a class mismatch may drop a near miss or an ordinary word in its
    // own sense ("Fresh apple juice"), never a copy of a coined mark: that stays, as a warning that says why.
    if (otherClasses && m.similarity < BLOCK_AT) continue;
    const claim = claimOf(own, m.mark);
    if (claim?.ownership.status === "verified") continue;
    const use = dictionaryUse(m, matches, input);
    if (use === "drop" || (otherClasses && use === "review")) continue;
    const prev = byMark.get(m.mark.id);
    if (prev && prev.similarity >= m.similarity) continue;
    byMark.set(m.mark.id, {
      assetId: m.mark.id,
      mark: m.mark.name,
      owner: m.mark.owner,
      jurisdiction: m.mark.jurisdiction,
      registrationNumber: m.mark.registrationNumber,
      niceClasses: m.mark.niceClasses,
      markets,
      similarity: Math.round(m.similarity * 1000) / 1000,
      reasons: [
        ...m.reasons,
        ...(use === "review" ? (["dictionary_word"] as const) : []),
        ...(otherClasses ? (["class_mismatch"] as const) : []),
        ...(claim ? (["ownership_unverified"] as const) : []),
      ],
      matched: m.matched,
    });
    if (use === "review" || otherClasses) reviewOnly.add(m.mark.id);
    else reviewOnly.delete(m.mark.id);
  }
  const findings = [...byMark.values()].sort((a, b) => b.similarity - a.similarity || a.assetId.localeCompare(b.assetId));

  let brand: ClearanceResult["brand"];
  if (input.brand) {
    // A claim the platform rejected is not the tenant's registration, here any more than against the register.
    const mine = own.filter((o) => o.ownership.status !== "rejected" && sameMark(o.name, input.brand!));
    const registeredIn = input.markets.filter((m) => mine.some((o) => covers(o.jurisdiction, o.designations, m)));
    brand = { name: input.brand, registeredIn, notRegisteredIn: input.markets.filter((m) => !registeredIn.includes(m)) };
  }
  const status = findings.some((f) => f.similarity >= BLOCK_AT && !reviewOnly.has(f.assetId))
    ? "blocked"
    : findings.length > 0 || (brand && brand.notRegisteredIn.length > 0)
      ? "warning"
      : "clear";
  return { status, findings, ...(brand ? { brand } : {}) };
}
