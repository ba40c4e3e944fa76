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

/**
 * Whether a buyer whose rule applied as `residency` may use `node`, which need not be offered (a room's node
 * above the load cut-off still serves the room): any node with no rule, or once a `prefer` rule fell back;
 * else only one the rule allows.
 */
export function permits(residency: Residency, country: string | null, node: LiveNode): boolean {
  if (residency.kind === "none" || (residency.kind === "applied" && residency.fellBack)) return true;
  return allows(residency.rule, country!, node);
}

/**
 * The nodes a room may be placed on or moved to, of `nodes` (the offered ones). A room has a residency of its
 * own, its anchor's country (`roomCountry`: where the buyer or the server that anchored it is), so where it
 * goes does not depend on who happens to ask: the nodes both its residency and the asking buyer's allow;
 * else the room's (the asker is then not allowed on the room's node and shares a fallback one, `pinRoom`);
 * only when none of the room's is up, the asker's, as before rooms had a residency.
 */
export function roomCandidates(policy: ResidencyPolicy, askerCountry: string | null, roomCountry: string | null, nodes: LiveNode[]): LiveNode[] {
  const asker = underResidency(policy, askerCountry, nodes, (n) => n).allowed;
  if (roomCountry === askerCountry) return asker;
  const room = underResidency(policy, roomCountry, nodes, (n) => n).allowed;
  if (room.length === 0) return asker;
  const askerMay = new Set(asker);
  const both = room.filter((n) => askerMay.has(n));
  return both.length > 0 ? both : room;
}

/**
 * Whether a room's node lies outside the room's own residency (its anchor's country, `roomCountry`, under
 * `policy`) while a node that residency allows is offered: the room went there while none of those was up
 * (a `prefer` rule's fallback, or the asker's nodes: `roomCandidates`), or the policy changed since. Such a
 * room moves back (`placeRoom`): an EU buyer is not sent outside the EU when an EU node is up, and the room
 * stays one node for all its buyers, not its node for some and a shared fallback for the rest. `offered`
 * (a scan of every node) is asked only for a node outside the residency, which only a room placed during an
 * outage (or before a policy change) has.
 */
export function outsideResidency(policy: ResidencyPolicy, roomCountry: string | null, node: LiveNode, offered: () => LiveNode[]): boolean {
  const found = ruleFor(policy, roomCountry);
  if (!found || allows(found.rule, roomCountry!, node)) return false;
  return offered().some((n) => allows(found.rule, roomCountry!, n));
}
