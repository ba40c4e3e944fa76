import { describe, expect, it } from "vitest";
import { direction, pickUiLocale } from "../src/i18n/locale";
import { MESSAGES } from "../src/i18n/messages";

describe("UI locale", () => {
  it("takes ?locale, then the saved choice, then Accept-Language, then the market's language, then English", () => {
    expect(pickUiLocale({ query: "fr", cookie: "de", acceptLanguage: "ja" })).toBe("fr");
    expect(pickUiLocale({ cookie: "de", acceptLanguage: "ja" })).toBe("de");
    expect(pickUiLocale({ acceptLanguage: "pt-BR, ja;q=0.8, en;q=0.5" })).toBe("ja");
    expect(pickUiLocale({ acceptLanguage: "pt-BR", country: "SA" })).toBe("ar");
    expect(pickUiLocale({ country: "BR" })).toBe("en");
    expect(pickUiLocale({})).toBe("en");
  });

  it("matches regional and script variants to the languages it has", () => {
    expect(pickUiLocale({ acceptLanguage: "de-AT" })).toBe("de");
    expect(pickUiLocale({ acceptLanguage: "zh-CN" })).toBe("zh-Hans");
    expect(pickUiLocale({ query: "ar-EG" })).toBe("ar");
  });

  it("ignores a choice it has no words for instead of failing", () => {
    expect(pickUiLocale({ query: "xx-invalid!!", acceptLanguage: "es-MX" })).toBe("es");
  });

  it("writes Arabic right to left", () => {
    expect(direction("ar")).toBe("rtl");
    expect(direction("ar-SA")).toBe("rtl");
    expect(direction("de")).toBe("ltr");
  });

  it("has every string in every language", () => {
    const keys = Object.keys(MESSAGES.en).sort();
    for (const [locale, m] of Object.entries(MESSAGES)) {
      expect(Object.keys(m).sort(), locale).toEqual(keys);
      for (const [k, v] of Object.entries(m)) expect(v.length, `${locale}.${k}`).toBeGreaterThan(0);
    }
  });
});
