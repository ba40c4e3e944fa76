import { ClearanceResultSchema } from "../../../shared/schemas/clearance";
import { z } from "@hono/zod-openapi";
import { idPattern } from "../../../shared/ids";
import { LIMITS } from "./domain/draft";
import { RATE_PATTERN } from "./domain/fx";
import { CountrySchema, CurrencySchema, CursorSchema, LimitSchema, LocaleSchema, MoneySchema } from "../../../shared/schemas/common";

/** Re-exported: the limits are draft rules (domain/draft.ts), checked on the body here and on the whole draft there. */
export { LIMITS };

const wellFormedTag = (tag: string) => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
};

/** Object keys that must be BCP 47 tags (zod record keys cannot transform, so canonicalisation happens in the domain). */
const LocaleKey = z.string().max(35).refine(wellFormedTag, { message: "not a well-formed BCP 47 language tag" });

export const TranslationSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(LIMITS.title),
    description: z.string().max(LIMITS.description).optional(),
  })
  .openapi("ListingTranslation");

/** A listing price: capped so that tax on top never leaves the range JSON numbers carry exactly. */
const ListingMoney = MoneySchema.extend({
  amount: MoneySchema.shape.amount.max(1e14, "must be at most 10^14 minor units"),
}).openapi("ListingMoney");

const Sku = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\/-]{0,63}$/, "1–64 letters, digits, '.', '_', '-' or '/'")
  .openapi({ example: "TSHIRT-BLK-M" });
const Brand = z.string().trim().min(1).max(100);
const Category = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "lower-case slug such as 'electronics'");
const Attributes = z
  .record(z.string().min(1).max(64), z.union([z.string().max(500), z.number(), z.boolean()]))
  .refine((a) => Object.keys(a).length <= LIMITS.attributes, { message: `at most ${LIMITS.attributes} attributes` });
const Images = z.array(z.url({ protocol: /^https$/ }).max(2048)).max(LIMITS.images);
const Markets = z.array(CountrySchema).max(LIMITS.countries);
const maxKeys = (n: number) => (r: object) => Object.keys(r).length <= n;

export const CreateListingSchema = z
  .strictObject({
    sku: Sku,
    brand: Brand,
    defaultLocale: LocaleSchema,
    translations: z
      .record(LocaleKey, TranslationSchema)
      .refine((t) => Object.keys(t).length >= 1, { message: "at least one translation" })
      .refine(maxKeys(LIMITS.locales), { message: `at most ${LIMITS.locales} locales` }),
    price: ListingMoney,
    prices: z.record(CountrySchema, ListingMoney).refine(maxKeys(LIMITS.countries), { message: "too many countries" }).optional(),
    markets: Markets.optional(),
    category: Category.optional(),
    attributes: Attributes.optional(),
    images: Images.optional(),
  })
  .openapi("CreateListing", { example: {"sku": "LAMP-1", "brand": "Lumora", "defaultLocale": "en", "translations": {"en": {"title": "Desk lamp", "description": "A warm LED desk lamp."}, "de": {"title": "Schreibtischlampe"}}, "price": {"amount": 10000, "currency": "USD"}, "prices": {"JP": {"amount": 15800, "currency": "JPY"}}, "markets": ["DE", "JP", "US"], "category": "home"} });
export type CreateListingBody = z.infer<typeof CreateListingSchema>;

/** A partial update: `null` removes a translation, a country price, the market list or the category. */
export const PatchListingSchema = z
  .strictObject({
    brand: Brand.optional(),
    defaultLocale: LocaleSchema.optional(),
    translations: z
      .record(LocaleKey, TranslationSchema.nullable())
      .refine(maxKeys(LIMITS.locales), { message: `at most ${LIMITS.locales} locales` })
      .optional(),
    price: ListingMoney.optional(),
    prices: z.record(CountrySchema, ListingMoney.nullable()).refine(maxKeys(LIMITS.countries), { message: "too many countries" }).optional(),
    markets: Markets.nullable().optional(),
    category: Category.nullable().optional(),
    attributes: Attributes.optional(),
    images: Images.optional(),
  })
  .openapi("PatchListing");
export type PatchListingBody = z.infer<typeof PatchListingSchema>;

export const CreatedListingSchema = z
  .object({
    id: z.string(),
    sku: z.string(),
    status: z.enum(["active", "held"]),
    clearance: ClearanceResultSchema,
    createdAt: z.string(),
  })
  .openapi("CreatedListing");

export const LocalizedPriceSchema = z
  .object({ amount: z.number().int(), currency: z.string(), formatted: z.string(), taxIncluded: z.boolean() })
  .openapi("LocalizedPrice");

export const ListingItemSchema = z
  .object({
    id: z.string(),
    sku: z.string(),
    brand: z.string(),
    locale: z.string(),
    title: z.string(),
    description: z.string(),
    price: LocalizedPriceSchema,
    category: z.string().nullable(),
    images: z.array(z.string()),
    attributes: z.record(z.string(), z.unknown()),
    locales: z.array(z.string()).openapi({ description: "Every locale the listing has a translation in." }),
    status: z.enum(["active", "held"]).optional().openapi({ description: "Secret keys only." }),
    holdReason: z.string().nullable().optional(),
    holds: z
      .array(z.object({ source: z.string(), reason: z.string(), since: z.string() }))
      .optional()
      .openapi({ description: "Secret keys only: every reason the listing is held (`clearance`, `complaint`…); it is held while any remains." }),
    version: z.number().int().optional().openapi({ description: 'Secret keys only: send `If-Match: "lv<version>"` with a PATCH to refuse it (412) if the listing changed since.' }),
    markets: z.array(z.string()).optional().openapi({ description: "Secret keys only; empty = every market." }),
  })
  .openapi("Listing");

/** Query parameters shared by both reads. */
export const ReadQuerySchema = z.object({
  locale: LocaleSchema.optional(),
  country: CountrySchema.optional(),
  currency: CurrencySchema.optional(),
});

export const ListQuerySchema = ReadQuerySchema.extend({
  q: z.string().min(1).max(200).optional(),
  category: Category.optional(),
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});

export const FxRatesSchema = z
  .strictObject({
    rates: z
      .record(CurrencySchema, z.string().regex(RATE_PATTERN, 'a positive decimal string such as "0.9215"'))
      .refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= 200, { message: "1 to 200 rates" }),
  })
  .openapi("FxRates", { example: { rates: { EUR: "0.9215", JPY: "151.37" } } });

export const ListingIdParam = z.object({
  id: z.string().regex(idPattern("lst"), "must be a listing id (lst_ and 26 base32 characters)").openapi({ param: { name: "id", in: "path" }, example: "lst_01JABCDEFGHJKMNPQRSTVWXYZ0" }),
});
