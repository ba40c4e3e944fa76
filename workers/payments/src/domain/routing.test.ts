import { describe, expect, it } from "vitest";
import { decideRoute, type RouteInput } from "./routing";

const base: RouteInput = { country: "NL", currency: "EUR", method: "ideal", amount: 2500, rules: [], health: {}, random: () => 0.5, explore: 0 };

describe("decideRoute", () => {
  it("follows the first matching rule, with its fallbacks, and says so", () => {
    const r = decideRoute({
      ...base,
      rules: [
        { name: "big", match: { minAmount: 100_000 }, route: { type: "provider", provider: "adyen" } },
        { name: "nl", match: { countries: ["NL"], methods: ["ideal"] }, route: { type: "provider", provider: "stripe", fallbacks: ["adyen"] } },
      ],
    });
    expect([r.provider, ...r.fallbacks]).toEqual(["stripe", "adyen"]);
    expect(r.trace[0]).toMatch(/rule 2 "nl" matched/);
  });

  it("splits by weight with the draw it is given", () => {
    const rules = [{ match: {}, route: { type: "split" as const, split: [{ provider: "stripe" as const, weight: 30 }, { provider: "adyen" as const, weight: 70 }] } }];
    expect(decideRoute({ ...base, rules, random: () => 0.1 }).provider).toBe("stripe");
    expect(decideRoute({ ...base, rules, random: () => 0.5 }).provider).toBe("adyen");
  });

  it("skips a provider that does not offer the method", () => {
    const r = decideRoute({ ...base, country: "SA", currency: "SAR", method: "mada", rules: [{ match: {}, route: { type: "chain", providers: ["stripe", "adyen"] } }] });
    expect([r.provider, ...r.fallbacks]).toEqual(["adyen"]);
    expect(r.trace.join("\n")).toMatch(/stripe skipped/);
  });

  it("without rules ranks by recent authorization rate for the method and country", () => {
    const r = decideRoute({
      ...base,
      health: { adyen: { breaker: "closed", byKey: { "ideal|NL": [100, 60] } }, stripe: { breaker: "closed", byKey: { "ideal|NL": [100, 95] } } },
    });
    expect(r.provider).toBe("stripe");
  });

  it("explores: sometimes the trailing provider goes first, so a recovered one can win traffic back", () => {
    const health = { adyen: { breaker: "closed" as const, byKey: { "ideal|NL": [100, 99] as [number, number] } }, stripe: { breaker: "closed" as const, byKey: { "ideal|NL": [100, 10] as [number, number] } } };
    expect(decideRoute({ ...base, health, explore: 0.05, random: () => 0.01 }).provider).toBe("stripe");
    expect(decideRoute({ ...base, health, explore: 0.05, random: () => 0.5 }).provider).toBe("adyen");
  });

  it("moves a provider whose circuit is open to the end of the chain, but never drops the last one", () => {
    const rules = [{ match: {}, route: { type: "chain" as const, providers: ["stripe" as const, "adyen" as const] } }];
    const open = decideRoute({ ...base, rules, health: { stripe: { breaker: "open", byKey: {} } } });
    expect([open.provider, ...open.fallbacks]).toEqual(["adyen", "stripe"]);
    expect(open.trace.join("\n")).toMatch(/stripe circuit open/);
    const allOpen = decideRoute({ ...base, rules, health: { stripe: { breaker: "open", byKey: {} }, adyen: { breaker: "open", byKey: {} } } });
    expect(allOpen.provider).toBe("stripe");
  });
});
