import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { negotiateLocale, parseAcceptLanguage } from "./locale";

const AVAILABLE = ["ar", "de", "en", "es", "fr", "ja", "pt-BR", "zh-Hans", "zh-Hant"];

describe("Accept-Language", () => {
  it("orders by q, keeps the client's order on ties, drops q=0, * and malformed tags", () => {
    expect(parseAcceptLanguage("fr;q=0.5, de-de, en;q=0.9, *;q=0.1, it;q=0, 12345")).toEqual(["de-DE", "en", "fr"]);
    expect(parseAcceptLanguage("zh-hant-hk, ja;q=0.8")).toEqual(["zh-Hant-HK", "ja"]);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
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
