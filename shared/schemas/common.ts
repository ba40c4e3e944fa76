import { z } from "@hono/zod-openapi";

/** ISO 3166-1 alpha-2, upper case. Membership in a known market is checked by the service. */
export const CountrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as DE")
  .openapi({ example: "DE" });

/** ISO 4217 alphabetic code. */
export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR")
  .openapi({ example: "EUR" });

/** An integer amount in the currency's minor units: never a float, never negative. */
export const MinorAmountSchema = z
  .number()
  .int("must be an integer number of minor units")
  .nonnegative("must not be negative")
  .max(Number.MAX_SAFE_INTEGER);

export const MoneySchema = z
  .object({ amount: MinorAmountSchema, currency: CurrencySchema })
  .openapi("Money", { example: { amount: 1999, currency: "EUR" } });
export type Money = z.infer<typeof MoneySchema>;

/** A BCP 47 tag; canonicalised with Intl so `zh-hant-hk` and `zh-Hant-HK` are one locale. */
export const LocaleSchema = z
  .string()
  .max(35)
  .transform((tag, ctx) => {
    try {
      return Intl.getCanonicalLocales(tag)[0]!;
    } catch {
      ctx.addIssue({ code: "custom", message: `"${tag}" is not a well-formed BCP 47 language tag` });
      return z.NEVER;
    }
  })
  .openapi({ type: "string", example: "pt-BR" });

export const LimitSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(100)
  .default(20)
  .openapi({ type: "integer", example: 20 });

export const CursorSchema = z.string().max(512).openapi({ description: "Opaque cursor from a previous page's nextCursor." });

/** The list envelope every list endpoint answers with. */
export function listOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

/** The standard error responses, for route definitions. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: "Problem details (RFC 9457)", content: { "application/problem+json": { schema: ProblemSchema } } },
    ]),
  );
}
