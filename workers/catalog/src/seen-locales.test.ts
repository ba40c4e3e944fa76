import { describe, expect, it } from "vitest";
import { learnLocales, skippableLocales } from "./seen-locales";

describe("the locales a read may leave out", () => {
  it("works out at most ten new preference lists a second; past that a read leaves nothing out until the next second", () => {
    learnLocales(["de", "fr", "ja", "zh-Hant"]);
    const lists = ["es", "it", "pt", "nl", "sv", "da", "fi", "pl", "cs", "hu", "ko", "ru"].map((tag) => [tag, "de"]);
    const second = 1_000_000_000;
    const answers = lists.map((l) => skippableLocales(l, second));
    expect(answers.slice(0, 10).every((a) => a.includes("ja") && !a.includes("de"))).toBe(true);
    expect(answers.slice(10)).toEqual([[], []]);
    // A list already worked out costs nothing more and stays answered; a refused one is worked out the next second.
    expect(skippableLocales(lists[0], second)).toContain("ja");
    expect(skippableLocales(lists[11], second + 1_000)).toContain("ja");
  });
});
