import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isRefusal, MAX_SHORT_TERMS, MAX_TERMS, planSearch, tenantMatch, tenantTerms, type SearchPlan } from "./search";

/** The plan of a `q` that must be searchable. */
function plan(q: string): SearchPlan {
  const p = planSearch(q);
  if (isRefusal(p)) throw new Error(`${q}: ${p.refused}`);
  return p;
}

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
    for (const q of ["咖啡", "耳机 蓝牙", "イヤ", "이어", "咖"]) expect(plan(q).shortWordsOnly, q).toBe(true);
    for (const q of ["ab", "咖 b", "é", "12"]) expect(plan(q).shortWordsOnly, q).toBe(false);
  });

  it("folds short terms as the index folds (case, diacritics of Latin letters), so `Ü` and `u` are one term", () => {
    expect(plan("ÜB").like).toEqual(["%ub%"]);
    expect(plan("ü Ü u").like).toEqual(["%u%"]);
    expect(plan("Σσ").like).toEqual(["%σσ%"]);
    expect(plan("が 한").like).toEqual(["%が%", "%한%"]);
  });

  it("refuses, rather than cuts, a query of more short terms or more words than it searches", () => {
    expect(plan("a b").like).toEqual(["%a%", "%b%"]);
    expect(MAX_SHORT_TERMS).toBe(2);
    for (const q of ["a b c", "a b c d", "a B é headphones"]) {
      const refused = planSearch(q);
      expect(isRefusal(refused) && refused.field, q).toBe("at most 2 words shorter than 3 characters");
    }
    const nine = "one two three four five six seven eight nine";
    expect(isRefusal(planSearch(nine)) && planSearch(nine)).toMatchObject({ field: `at most ${MAX_TERMS} words` });
    // Repeats and case variants are one word.
    expect(plan("one two three four five six seven eight EIGHT eight").match?.split(" AND ")).toHaveLength(8);
  });

  it("scopes every MATCH to the tenant, with or without long terms", () => {
    const t = "ten_01JDEM00000000ABCDEFGHJK";
    expect(tenantMatch(t, plan("ab"))).toBe('{tenant_id} : ("HJK" AND "EFG" AND "BCD" AND "00A")');
    expect(tenantMatch(t, plan("wireless ab"))).toBe('{tenant_id} : ("HJK" AND "EFG" AND "BCD" AND "00A") AND {title description} : ("wireless")');
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

  it("refuses a query with no words, or only words of combining marks (they fold to nothing)", () => {
    for (const q of ['"*():^-+', "\u0301", "\u0301 \u0308"]) expect(planSearch(q), q).toMatchObject({ field: "no searchable words" });
  });

  it("never lets a quote, star or colon into the MATCH expression", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (q) => {
        const p = planSearch(q);
        if (isRefusal(p) || !p.match) return;
        for (const term of p.match.split(" AND ")) expect(term).toMatch(/^"[\p{L}\p{N}\p{M}]+"$/u);
      }),
    );
  });
});
