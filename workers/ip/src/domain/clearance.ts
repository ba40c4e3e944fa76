import type { ClearanceFinding as Finding, ClearanceRequest as ClearanceInput, ClearanceResult } from "../../../../shared/rpc/ip";
import { covers } from "./jurisdictions";
import { fold } from "./normalize";
import { sameMark, type RegisterIndex, type RegisterMark } from "./register-index";

/** What clearance needs of the tenant's own trademarks. */
export interface OwnMark {
  id: string;
  name: string;
  owner: string;
  jurisdiction: string;
  designations: string[];
  registrationNumber: string | null;
}

/** A finding this similar holds a listing; below it the seller is warned. */
export const BLOCK_AT = 0.85;

/** The tenant holds this very registration, or is its registered owner: its own mark never blocks it. */
const ownsMark = (own: readonly OwnMark[], mark: RegisterMark) =>
  own.some(
    (o) =>
      sameMark(o.name, mark.name) &&
      ((o.jurisdiction === mark.jurisdiction && o.registrationNumber === mark.registrationNumber) || fold(o.owner).trim() === fold(mark.owner).trim()),
  );

/**
 * Clears a listing's text and brand against the register in its markets:
 * matches are scoped to marks covering a requested market and sharing a Nice
 * class (when classes are given); the tenant's own marks are dropped.
 */
export function clear(index: RegisterIndex, own: readonly OwnMark[], input: ClearanceInput): ClearanceResult {
  const matches = [...index.match(input.text), ...(input.brand ? index.match(input.brand) : [])];
  const classes = new Set(input.niceClasses ?? []);
  const byMark = new Map<string, Finding>();
  for (const m of matches) {
    const markets = input.markets.filter((market) => covers(m.mark.jurisdiction, m.mark.designations, market));
    if (markets.length === 0) continue;
    if (classes.size > 0 && m.mark.niceClasses.length > 0 && !m.mark.niceClasses.some((c) => classes.has(c))) continue;
    if (ownsMark(own, m.mark)) continue;
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
      reasons: m.reasons,
      matched: m.matched,
    });
  }
  const findings = [...byMark.values()].sort((a, b) => b.similarity - a.similarity || a.assetId.localeCompare(b.assetId));

  let brand: ClearanceResult["brand"];
  if (input.brand) {
    const mine = own.filter((o) => sameMark(o.name, input.brand!));
    const registeredIn = input.markets.filter((m) => mine.some((o) => covers(o.jurisdiction, o.designations, m)));
    brand = { name: input.brand, registeredIn, notRegisteredIn: input.markets.filter((m) => !registeredIn.includes(m)) };
  }
  const status = findings.some((f) => f.similarity >= BLOCK_AT)
    ? "blocked"
    : findings.length > 0 || (brand && brand.notRegisteredIn.length > 0)
      ? "warning"
      : "clear";
  return { status, findings, ...(brand ? { brand } : {}) };
}
