import { createRoute, z } from "@hono/zod-openapi";
import { COUNTRY_HEADER } from "../../../../shared/http/context";
import { ProblemError } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { CountrySchema, CurrencySchema, problemResponses } from "../../../../shared/schemas/common";
import { MARKETS } from "../domain/methods-data";
import { amountBand, rankMethods } from "../domain/ranking";
import { MethodIdSchema, ProviderSchema } from "../schemas";
import { TAGS, type PaymentsApp } from "./app";

const MethodsQuery = z.object({
  country: CountrySchema.optional().openapi({ description: "The buyer's country; defaults to the edge's (`X-Country` locally)." }),
  currency: CurrencySchema,
  amount: z.coerce.number().int().positive().optional().openapi({ type: "integer", description: "Minor units; methods whose limits exclude it are left out." }),
});

const MethodItem = z
  .object({
    method: MethodIdSchema,
    provider: ProviderSchema,
    displayName: z.string(),
    kind: z.enum(["card", "wallet", "bank", "bnpl"]),
    share: z.number().openapi({ description: "Approximate share of local e-commerce value, percent." }),
    source: z.string(),
    minAmount: z.number().int().optional(),
    maxAmount: z.number().int().optional(),
  })
  .openapi("PaymentMethodOption");

const route = createRoute({
  method: "get",
  path: "/v1/payments/methods",
  operationId: "listPaymentMethods",
  tags: TAGS,
  summary: "The payment methods this buyer can use, most used locally first",
  middleware: [requireCaller({ publishable: true })] as const,
  request: { query: MethodsQuery },
  responses: {
    200: { description: "Ranked methods", content: { "application/json": { schema: z.object({ country: CountrySchema, currency: CurrencySchema, items: z.array(MethodItem) }) } } },
    ...problemResponses(400, 401, 422),
  },
});

/**
 * The answers already given, as JSON text, by (country, currency, amount band): methods are data in code,
 * so an answer never goes stale in an isolate's life. Bounded: emptied when full (at most 35 countries ×
 * a few currencies × a few bands are ever asked for; the bound only stops a flood of odd currencies).
 */
const MAX_ANSWERS = 4096;
const answers = new Map<string, string>();

function answerText(country: string, currency: string, amount: number | undefined): string {
  const key = `${country}|${currency}|${amountBand({ country, currency, amount })}`;
  let text = answers.get(key);
  if (text === undefined) {
    if (answers.size >= MAX_ANSWERS) answers.clear();
    text = JSON.stringify({ country, currency, items: rankMethods({ country, currency, amount }) });
    answers.set(key, text);
  }
  return text;
}

export function registerListMethods(app: PaymentsApp) {
  app.openapi(route, (c) => {
    const q = c.req.valid("query");
    const country = q.country ?? c.req.header(COUNTRY_HEADER);
    if (!country) throw new ProblemError(400, "country_required", "Send `country`, or call from a known location.", [{ path: "query.country", message: "required" }]);
    if (!MARKETS[country]) throw new ProblemError(422, "unsupported_country", `Payments are not offered in ${country}.`, [{ path: "query.country", message: "not a supported market" }]);
    // The body as text: the ranked answer is the same for every amount in a band (see amountBand).
    return c.body(answerText(country, q.currency, q.amount), 200, { "content-type": "application/json" }) as never;
  });
}
