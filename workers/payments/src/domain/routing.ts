import { METHODS, type MethodId, type ProviderName } from "./methods-data";

/** Where a rule sends a payment: one provider, a weighted split, or an explicit chain (each may add fallbacks). */
export type RouteTarget =
  | { type: "provider"; provider: ProviderName; fallbacks?: ProviderName[] }
  | { type: "split"; split: { provider: ProviderName; weight: number }[]; fallbacks?: ProviderName[] }
  | { type: "chain"; providers: ProviderName[] };

export interface RoutingRule {
  name?: string;
  match: { countries?: string[]; currencies?: string[]; methods?: string[]; minAmount?: number; maxAmount?: number };
  route: RouteTarget;
}

export type BreakerView = "closed" | "open" | "half_open";

/** What routing knows about a provider: its breaker and its recent [attempts, authorized] per `${method}|${country}`. */
export interface ProviderHealthView {
  breaker: BreakerView;
  byKey: Record<string, [number, number]>;
}

export interface RouteInput {
  country: string;
  currency: string;
  method: MethodId;
  amount: number;
  rules: RoutingRule[];
  health: Partial<Record<ProviderName, ProviderHealthView>>;
  /** A number in [0, 1): weighted splits and exploration draw from it (tests pass a fixed one). */
  random: () => number;
  /** Share of decisions that try a non-leading provider first, so a recovered provider wins traffic back. */
  explore?: number;
}

export interface Route {
  provider: ProviderName;
  method: MethodId;
  fallbacks: ProviderName[];
  trace: string[];
}

export const EXPLORE_RATE = 0.05;

function matches(rule: RoutingRule, i: RouteInput): boolean {
  const m = rule.match;
  return (
    (!m.countries || m.countries.includes(i.country)) &&
    (!m.currencies || m.currencies.includes(i.currency)) &&
    (!m.methods || m.methods.includes(i.method)) &&
    (m.minAmount === undefined || i.amount >= m.minAmount) &&
    (m.maxAmount === undefined || i.amount <= m.maxAmount)
  );
}

function pickWeighted(split: { provider: ProviderName; weight: number }[], r: number): ProviderName[] {
  const total = split.reduce((a, s) => a + s.weight, 0);
  let x = r * total;
  const chosen = split.find((s) => (x -= s.weight) < 0) ?? split[split.length - 1]!;
  return [chosen.provider, ...split.filter((s) => s !== chosen).sort((a, b) => b.weight - a.weight).map((s) => s.provider)];
}

function ruleOrder(t: RouteTarget, random: () => number): ProviderName[] {
  if (t.type === "chain") return t.providers;
  const head = t.type === "provider" ? [t.provider] : pickWeighted(t.split, random());
  return [...head, ...(t.fallbacks ?? [])];
}

/** Laplace-smoothed authorization rate: an unseen provider scores 0.5, so it is neither starved nor trusted blindly. */
export function successScore(h: ProviderHealthView | undefined, key: string): { score: number; n: number } {
  const [n, ok] = h?.byKey[key] ?? [0, 0];
  return { score: (ok + 1) / (n + 2), n };
}

const unique = <T>(xs: T[]) => [...new Set(xs)];

/**
 * The provider chain for one payment, with every step explained: the first
 * matching rule decides the order (a split draws by weight); without one,
 * providers that offer the method are ranked by recent authorization rate
 * for this method and country, with a little exploration. Providers whose
 * breaker is open go last, not away: if all are open one still gets a try.
 */
export function decideRoute(i: RouteInput): Route {
  const trace: string[] = [];
  const offering = [...METHODS[i.method].providers];
  const key = `${i.method}|${i.country}`;
  let order: ProviderName[] = [];

  const index = i.rules.findIndex((r) => matches(r, i));
  if (index >= 0) {
    const rule = i.rules[index]!;
    trace.push(`rule ${index + 1}${rule.name ? ` "${rule.name}"` : ""} matched (${rule.route.type})`);
    for (const p of unique(ruleOrder(rule.route, i.random))) {
      if (offering.includes(p)) order.push(p);
      else trace.push(`${p} skipped: does not offer ${i.method}`);
    }
    if (order.length === 0) trace.push("no provider of the rule offers the method: success-rate routing");
  } else {
    trace.push(i.rules.length ? "no rule matched: success-rate routing" : "no routing rules: success-rate routing");
  }

  if (order.length === 0) {
    const scored = offering.map((p, pos) => ({ p, pos, ...successScore(i.health[p], key) }));
    scored.sort((a, b) => b.score - a.score || a.pos - b.pos);
    for (const s of scored) trace.push(`${s.p}: authorization rate ${(s.score * 100).toFixed(0)}% over ${s.n} recent ${key} attempts`);
    order = scored.map((s) => s.p);
    if (order.length > 1 && i.random() < (i.explore ?? EXPLORE_RATE)) {
      const j = 1 + Math.floor(i.random() * (order.length - 1));
      [order[0], order[j]] = [order[j]!, order[0]!];
      trace.push(`exploring: ${order[0]} tried first`);
    }
  }

  const open = order.filter((p) => i.health[p]?.breaker === "open");
  if (open.length > 0 && open.length < order.length) {
    for (const p of open) trace.push(`${p} circuit open: moved last`);
    order = [...order.filter((p) => !open.includes(p)), ...open];
  }
  for (const p of order) if (i.health[p]?.breaker === "half_open") trace.push(`${p} circuit half-open: probing`);
  trace.push(`chain: ${order.join(" → ")}`);
  return { provider: order[0]!, method: i.method, fallbacks: order.slice(1), trace };
}
