import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planSearch, tenantMatch } from "./search";

describe("search plans", () => {
  it("quotes each word as a phrase and joins with AND", () => {
    expect(planSearch("Wireless headphones")).toEqual({ match: '"wireless" AND "headphones"', like: [] });
  });

  it("neutralises FTS5 operators", () => {
    expect(planSearch('title:foo* OR "bar" NEAR(baz) ^qux -x')).toEqual({
      match: '"title" AND "foo" AND "bar" AND "near" AND "baz" AND "qux"',
      like: ["%or%", "%x%"],
    });
  });

  it("keeps short (CJK) words as escaped LIKE patterns", () => {
    expect(planSearch("耳机 100%_")).toEqual({ match: '"100"', like: ["%耳机%"] });
    expect(planSearch("a_b")).toEqual({ match: null, like: ["%a%", "%b%"] });
  });

  it("keeps at most two short terms (each is a LIKE over the tenant's rows)", () => {
    expect(planSearch("a b c d")?.like).toEqual(["%a%", "%b%"]);
  });

  it("scopes every MATCH to the tenant, with or without long terms", () => {
    expect(tenantMatch("ten_A", planSearch("ab")!)).toBe('{tenant_id} : "ten_A"');
    expect(tenantMatch("ten_A", planSearch("wireless ab")!)).toBe('{tenant_id} : "ten_A" AND {title description} : ("wireless")');
  });

  it("refuses a query with no words", () => {
    expect(planSearch('"*():^-+')).toBeNull();
  });

  it("never lets a quote, star or colon into the MATCH expression", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (q) => {
        const plan = planSearch(q);
        if (!plan?.match) return;
        for (const term of plan.match.split(" AND ")) expect(term).toMatch(/^"[\p{L}\p{N}\p{M}]+"$/u);
      }),
    );
  });
});
