import { describe, expect, it } from "vitest";
import type { CreateListingBody, PatchListingBody } from "../schemas";
import { applyPatch, checkDraft, draftFromCreate, LIMITS, type Reference } from "./draft";

/** More markets than a listing may have prices for, so only the count limit can refuse them. */
const countries = Array.from({ length: LIMITS.countries + 1 }, (_, i) => `${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`);
const ref = { marketCurrency: new Map(countries.map((c) => [c, "USD"])), rates: new Map([["USD", "1"]]) } as unknown as Reference;
const base: CreateListingBody = { sku: "S-1", brand: "Acme", defaultLocale: "en", translations: { en: { title: "Lamp" } }, price: { amount: 100, currency: "USD" } };
const codes = (draft: ReturnType<typeof draftFromCreate>["draft"]) => checkDraft(draft, ref).map((e) => [e.code, e.path]);

describe("checkDraft on a merged PATCH", () => {
  it("counts the listing's locales and country prices, not the patch's", () => {
    const tags = (from: number, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`en-x-p${from + i}`, { title: "Lamp" }]));
    const full = draftFromCreate({ ...base, translations: { en: { title: "Lamp" }, ...tags(100, LIMITS.locales - 1) } }).draft;
    expect(codes(full)).toEqual([]);
    const grown = applyPatch(full, { translations: tags(200, 1) } as PatchListingBody).draft;
    expect(codes(grown)).toEqual([["too_many_locales", "translations"]]);
    const swapped = applyPatch(full, { translations: { "en-x-p100": null, ...tags(200, 1) } } as PatchListingBody).draft;
    expect(codes(swapped)).toEqual([]);

    const price = { amount: 100, currency: "USD" };
    const priced = draftFromCreate({ ...base, prices: Object.fromEntries(countries.slice(0, LIMITS.countries).map((c) => [c, price])) }).draft;
    expect(codes(priced)).toEqual([]);
    const more = applyPatch(priced, { prices: { [countries[LIMITS.countries]!]: price } } as PatchListingBody).draft;
    expect(codes(more)).toEqual([["too_many_countries", "prices"]]);
  });
});
