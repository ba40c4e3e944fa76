import { EU_MEMBERS } from "./countries.generated";
import type { LiveNode } from "./nodes";

/** Countries named as a list, or the EU (its membership is data: `countries.generated.ts`). */
export type CountrySet = "EU" | string[];

/**
 * One residency rule: buyers from `buyers` are served only by nodes whose
 * `residency` is in `nodes` ("in-country": the buyer's own country).
 * `require` never serves them elsewhere; `prefer` falls back to any node
 * when no allowed node is up, and says so.
 */
export interface ResidencyRule {
  buyers: CountrySet;
  nodes: CountrySet | "in-country";
  mode: "require" | "prefer";
}

export interface ResidencyPolicy {
  rules: ResidencyRule[];
}

/** A tenant that set no policy: EU buyers stay on EU nodes while one is up (GDPR's default expectation). */
export const DEFAULT_POLICY: ResidencyPolicy = { rules: [{ buyers: "EU", nodes: "EU", mode: "prefer" }] };

const EU = new Set(EU_MEMBERS);

export const inSet = (set: CountrySet, country: string) => (set === "EU" ? EU.has(country) : set.includes(country));

/** The first rule that covers a buyer from `country`, with its index. */
export function ruleFor(policy: ResidencyPolicy, country: string | null): { rule: ResidencyRule; index: number } | null {
  if (!country) return null;
  const index = policy.rules.findIndex((r) => inSet(r.buyers, country));
  return index < 0 ? null : { rule: policy.rules[index]!, index };
}

/** How a buyer's residency rule applied to the nodes up. */
export type Residency =
  | { kind: "none" }
  | { kind: "applied"; rule: ResidencyRule; index: number; fellBack: boolean }
  | { kind: "unsatisfiable"; rule: ResidencyRule; index: number };

/**
 * Of `items` (nodes, or indexes of them: `nodeOf` reads the node), those a buyer from `country` may use under
 * `policy`, and how its rule applied: the nodes the rule allows; a `prefer` rule with none of them up falls
 * back to all; a `require` rule may leave none. Lookups and room placement both decide by it.
 */
export function underResidency<T>(policy: ResidencyPolicy, country: string | null, items: T[], nodeOf: (item: T) => LiveNode): { residency: Residency; allowed: T[] } {
  const found = ruleFor(policy, country);
  if (!found) return { residency: { kind: "none" }, allowed: items };
  const allowed = items.filter((i) => allows(found.rule, country!, nodeOf(i)));
  if (allowed.length > 0) return { residency: { kind: "applied", ...found, fellBack: false }, allowed };
  if (found.rule.mode === "prefer") return { residency: { kind: "applied", ...found, fellBack: true }, allowed: items };
  return { residency: { kind: "unsatisfiable", ...found }, allowed: [] };
}

/** Whether `node` may serve a buyer from `country` under `rule`. A node without a residency matches no rule. */
export function allows(rule: ResidencyRule, country: string, node: LiveNode): boolean {
  if (!node.residency) return false;
  return rule.nodes === "in-country" ? node.residency === country : inSet(rule.nodes, node.residency);
}
