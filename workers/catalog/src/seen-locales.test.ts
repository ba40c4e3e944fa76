import { describe, expect, it } from "vitest";
import { neverChosen } from "./domain/locale";
import { learnLocales, PAIRS_PER_SECOND, skippableLocales } from "./seen-locales";

/** The real matcher, counting the (requested tag, seen locale) pairs it is given: the work, not its time. */
function countingMatcher() {
  const work = { pairs: 0, lists: 0 };
  const match = (requested: readonly string[], tags: Iterable<string>) => {
    const all = [...tags];
    work.pairs += requested.length * all.length;
    work.lists++;
    return neverChosen(requested, all);
  };
  return { work, match };
}

/** Distinct well-formed language tags (private-use languages qaa–qtz), none a real translation's. */
const madeUp = (n: number, region = "") => Array.from({ length: n }, (_, i) => `q${"abcdefghijklmnopqrst"[Math.floor(i / 26) % 20]}${"abcdefghijklmnopqrstuvwxyz"[i % 26]}${region}`);

describe("the locales a read may leave out", () => {
  it("works out new preference lists while this second's pairs last; past that a read leaves nothing out until the next second", () => {
    learnLocales(["de", "fr", "ja", "zh-Hant"]);
    const { work, match } = countingMatcher();
    const second = 1_000_000_000;
    // Each list is 2 tags against every locale seen (other reads in this isolate may have added some).
    const lists = madeUp(PAIRS_PER_SECOND / 8 + 2).map((tag) => [tag, "de"]);
    const answers = lists.map((l) => skippableLocales(l, second, match));
    const worked = answers.filter((a) => a.length > 0).length;
    expect(worked).toBe(work.lists);
    expect(answers.slice(0, worked).every((a) => a.includes("ja") && !a.includes("de"))).toBe(true);
    expect(answers.slice(worked).every((a) => a.length === 0)).toBe(true);
    // Worked out until the next list's pairs no longer fitted in the second's budget, and never past it.
    const perList = work.pairs / work.lists;
    expect(work.pairs).toBeLessThanOrEqual(PAIRS_PER_SECOND);
    expect(work.pairs + perList).toBeGreaterThan(PAIRS_PER_SECOND);
    expect(worked).toBeLessThan(lists.length);
    // A list already worked out costs nothing more and stays answered; a refused one is worked out the next second.
    expect(skippableLocales(lists[0], second, match)).toContain("ja");
    expect(skippableLocales(lists.at(-1), second + 1_000, match)).toContain("ja");
    expect(work.lists).toBe(worked + 1);
  });

  it("bounds the matching work of a second by pairs, however many locales were seen and however many new lists arrive", () => {
    // A tenant inflating the set with made-up tags, then a client rotating six-tag headers, a new one each request.
    learnLocales(madeUp(400, "-ZZ"));
    const { work, match } = countingMatcher();
    const second = 2_000_000_000;
    const headers = madeUp(300).map((tag, i) => [tag, "de", "fr", "ja", `en-${["US", "GB", "AU", "CA", "NZ", "IE"][i % 6]}`, "es"]);
    const answers = headers.map((h) => skippableLocales(h, second, match));
    expect(work.pairs).toBeGreaterThan(0);
    expect(work.pairs).toBeLessThanOrEqual(PAIRS_PER_SECOND);
    expect(answers.filter((a) => a.length > 0).length).toBe(work.lists);
    // The next second brings a new budget of the same size, not more.
    const next = headers.map((h) => skippableLocales(h, second + 1_000, match));
    expect(work.pairs).toBeLessThanOrEqual(2 * PAIRS_PER_SECOND);
    expect(next.some((a) => a.length > 0)).toBe(true);
  });
});
