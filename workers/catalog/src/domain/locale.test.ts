import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_RANGES, negotiateLocale, neverChosen, parseAcceptLanguage } from "./locale";

const AVAILABLE = ["ar", "de", "en", "es", "fr", "ja", "pt-BR", "zh-Hans", "zh-Hant"];

describe("Accept-Language", () => {
  it("orders by q, keeps the client's order on ties, drops q=0, * and malformed tags", () => {
    expect(parseAcceptLanguage("fr;q=0.5, de-de, en;q=0.9, *;q=0.1, it;q=0, 12345")).toEqual(["de-DE", "en", "fr"]);
    expect(parseAcceptLanguage("zh-hant-hk, ja;q=0.8")).toEqual(["zh-Hant-HK", "ja"]);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
  });

  it(`keeps the best ${MAX_RANGES} ranges of a long header, by q`, () => {
    const tags = ["de", "fr", "it", "es", "pt", "nl", "sv", "da", "fi", "pl", "cs", "hu"];
    // Ascending q: the last tags are the best.
    const header = tags.map((t, i) => `${t};q=0.${String(i + 1).padStart(2, "0")}`).join(", ");
    expect(parseAcceptLanguage(header)).toEqual(tags.slice(-MAX_RANGES).reverse());
  });

  it("never throws on arbitrary headers", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (h) => void parseAcceptLanguage(h)));
  });
});

describe("locale negotiation", () => {
  const cases: [string[], string][] = [
    [["de-DE"], "de"],
    [["de-AT"], "de"],
    [["ja-JP"], "ja"],
    [["zh-HK"], "zh-Hant"],
    [["zh-TW"], "zh-Hant"],
    [["zh-Hant-HK"], "zh-Hant"],
    [["zh-CN"], "zh-Hans"],
    [["zh-SG"], "zh-Hans"],
    [["pt"], "pt-BR"],
    [["es-MX"], "es"],
    [["ar-SA"], "ar"],
    [["ko-KR", "fr-CH"], "fr"],
    [["ko-KR"], "en"],
    [[], "en"],
  ];
  it.each(cases)("%j → %s", (requested, expected) => {
    expect(negotiateLocale(requested, AVAILABLE, "en")).toBe(expected);
  });

  it("falls back along the tag when only the bare language exists (zh-Hant-HK → zh)", () => {
    expect(negotiateLocale(["zh-Hant-HK"], ["zh", "en"], "en")).toBe("zh");
  });

  it("always answers one of the listing's locales", () => {
    const tag = fc.constantFrom("en", "en-GB", "de", "zh-HK", "zh-Hant", "pt-PT", "ja", "ar-EG", "sr-Latn", "und", "x-klingon".slice(0, 0) || "fi");
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 4 }), fc.subarray(AVAILABLE, { minLength: 1 }), (req, avail) => {
        const got = negotiateLocale(req, avail, avail[0]!);
        expect(avail).toContain(got);
      }),
    );
  });
});

describe("locales a buyer can never be shown", () => {
  // Canonical tags as stored, with the CLDR near misses that best fit matches across languages or scripts.
  const POOL = [
    "en", "en-GB", "en-AU", "de", "de-CH", "gsw", "lb", "nb", "no", "nn", "da", "sv", "hr", "bs", "sr", "sr-Latn",
    "zh", "zh-Hans", "zh-Hant", "zh-HK", "yue", "pt", "pt-BR", "pt-PT", "es", "es-419", "ca", "fr", "fr-CA", "ar", "ja", "id", "ms", "fil",
  ];
  const tag = fc.constantFrom(...POOL, "de-DE", "zh-Hant-HK", "zh-TW", "en-US", "es-MX", "ar-EG", "ko");

  it("never names the locale negotiation picks, whatever else a listing has and whatever its default", () => {
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 4 }), fc.subarray(POOL, { minLength: 1 }), fc.nat(), (req, avail, d) => {
        const def = avail[d % avail.length]!;
        const picked = negotiateLocale(req, [...avail].sort(), def);
        if (picked !== def) expect(neverChosen(req, avail)).not.toContain(picked);
      }),
      { numRuns: 2000 },
    );
  });

  it("names only what the reader cannot match: German keeps de-CH, Bokmål keeps no and da", () => {
    expect(neverChosen(["de-DE", "de"], ["ar", "de", "en", "ja", "de-CH"])).toEqual(["ar", "en", "ja"]);
    expect(neverChosen(["nb"], ["no", "da", "sv"])).toEqual(["sv"]);
    expect(neverChosen([], ["de", "en"])).toEqual(["de", "en"]);
  });
});
