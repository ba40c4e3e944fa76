import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planSearch, tenantMatch, tenantTerms } from "./search";

describe("search plans", () => {
  it("quotes each word as a phrase and joins with AND", () => {
    expect(planSearch("Wireless headphones")).toEqual({ match: '"wireless" AND "headphones"', like: [], shortWordsOnly: false });
  });

  it("neutralises FTS5 operators", () => {
    expect(planSearch('title:foo* OR "bar" NEAR(baz) ^qux -x')).toEqual({
      match: '"title" AND "foo" AND "bar" AND "near" AND "baz" AND "qux"',
      like: ["%or%", "%x%"],
      shortWordsOnly: false,
    });
  });

  it("keeps short (CJK) words as escaped LIKE patterns", () => {
    expect(planSearch("耳机 100%_")).toEqual({ match: '"100"', like: ["%耳机%"], shortWordsOnly: false });
    expect(planSearch("a_b")).toEqual({ match: null, like: ["%a%", "%b%"], shortWordsOnly: false });
  });

  it("tells short CJK words (a whole word in one or two characters) from short probes in other scripts", () => {
    for (const q of ["咖啡", "耳机 蓝牙", "イヤ", "이어", "咖"]) expect(planSearch(q)?.shortWordsOnly, q).toBe(true);
    for (const q of ["ab", "咖 b", "é", "12"]) expect(planSearch(q)?.shortWordsOnly, q).toBe(false);
  });

  it("keeps at most two short terms (each is a LIKE over the tenant's rows)", () => {
    expect(planSearch("a b c d")?.like).toEqual(["%a%", "%b%"]);
  });

  it("scopes every MATCH to the tenant, with or without long terms", () => {
    const t = "ten_01JDEM00000000ABCDEFGHJK";
    expect(tenantMatch(t, planSearch("ab")!)).toBe('{tenant_id} : ("HJK" AND "EFG" AND "BCD" AND "00A")');
    expect(tenantMatch(t, planSearch("wireless ab")!)).toBe('{tenant_id} : ("HJK" AND "EFG" AND "BCD" AND "00A") AND {title description} : ("wireless")');
  });

  it("narrows by single trigrams of the id's random end, never by the prefix every tenant shares", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/), (ulid) => {
        const id = `ten_${ulid}`;
        const terms = tenantTerms(id).split(" AND ").map((t) => t.slice(1, -1));
        for (const term of terms) {
          expect(term).toHaveLength(3);
          expect(ulid.slice(14)).toContain(term);
        }
        expect(terms.length).toBeGreaterThan(0);
      }),
    );
    expect(tenantTerms("t1")).toBe('"t1"');
    expect(tenantTerms('te"n_abc')).toBe('"abc" AND """n_"');
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
