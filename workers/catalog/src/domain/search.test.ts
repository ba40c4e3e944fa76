import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planSearch } from "./search";

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
