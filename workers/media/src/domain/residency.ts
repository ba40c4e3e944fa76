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

/**
 * The nodes that may serve a buyer from `country` under `policy`: those its rule allows, else (a
 * `prefer` rule with none of them up) all; a `require` rule may leave none.
 */
export function servable<T extends LiveNode>(policy: ResidencyPolicy, country: string | null, nodes: T[]): T[] {
  const found = ruleFor(policy, country);
  if (!found) return nodes;
  const allowed = nodes.filter((n) => allows(found.rule, country!, n));
  return allowed.length > 0 || found.rule.mode === "require" ? allowed : nodes;
}

/** Whether `node` may serve a buyer from `country` under `rule`. A node without a residency matches no rule. */
export function allows(rule: ResidencyRule, country: string, node: LiveNode): boolean {
  if (!node.residency) return false;
  return rule.nodes === "in-country" ? node.residency === country : inSet(rule.nodes, node.residency);
}
