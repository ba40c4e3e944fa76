import { describe, expect, it } from "vitest";
import type { Buyer } from "./buyer";
import type { ListingRecord } from "./store/listings";
import { presentedListing, presentListing } from "./view";

const record = (): ListingRecord => ({
  id: "lst_01KDVDNA660000000000000066",
  tenantId: "ten_test",
  locales: ["de", "en"],
  status: "active",
  holdReason: null,
  holds: [],
  version: 1,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  draft: {
    sku: "MOKA-1",
    brand: "Acme",
    defaultLocale: "en",
    translations: { en: { title: "Moka brewer", description: "" }, de: { title: "Mokamaschine", description: "" } },
    price: { amount: 10000, currency: "USD" },
    prices: {},
    markets: [],
    category: null,
    attributes: {},
    images: [],
  },
});
const DE = { country: "DE", name: "Germany", locales: ["de"], currency: "EUR", taxInclusive: true, vatBps: 1900 };
const buyer = (over: Partial<Buyer> = {}): Buyer => ({ locales: ["de"], country: "DE", market: DE, owner: false, vary: [], ...over });
const rates = new Map([["USD", "1"], ["EUR", "0.92"]]);

// A listing's presented text is kept per record and kind of buyer; these pin that keeping it never changes an answer.
describe("a presented listing", () => {
  it("is the buyer's view as JSON, made once per record and kind of buyer", () => {
    const r = record();
    const first = presentedListing(r, buyer(), rates);
    expect(JSON.parse(first.json)).toEqual(presentListing(r, buyer(), rates));
    expect(first.locale).toBe("de");
    expect(presentedListing(r, buyer(), rates)).toBe(first);
    expect(JSON.parse(presentedListing(r, buyer({ locales: ["en"] }), rates).json).title).toBe("Moka brewer");
    expect(JSON.parse(presentedListing(r, buyer({ owner: true }), rates).json)).toHaveProperty("status", "active");
  });

  it("is made again for other rates, another market or another record of the listing", () => {
    const r = record();
    const price = (p: { json: string }) => JSON.parse(p.json).price.amount;
    expect(price(presentedListing(r, buyer(), rates))).toBe(10948);
    expect(price(presentedListing(r, buyer(), new Map([["USD", "1"], ["EUR", "0.5"]])))).toBe(5950);
    expect(price(presentedListing(r, buyer({ market: { ...DE, vatBps: 0, taxInclusive: false } }), rates))).toBe(9200);
    const edited = { ...record(), version: 2, draft: { ...record().draft, price: { amount: 20000, currency: "USD" } } };
    expect(price(presentedListing(edited, buyer(), rates))).toBe(21896);
  });
});
