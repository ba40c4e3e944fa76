import { createRoute, z } from "@hono/zod-openapi";
import { COUNTRY_HEADER } from "../../../../shared/http/context";
import { ProblemError } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { CountrySchema, CurrencySchema, problemResponses } from "../../../../shared/schemas/common";
import { MARKETS } from "../domain/methods-data";
import { rankMethods } from "../domain/ranking";
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

export function registerListMethods(app: PaymentsApp) {
  app.openapi(route, (c) => {
    const q = c.req.valid("query");
    const country = q.country ?? c.req.header(COUNTRY_HEADER);
    if (!country) throw new ProblemError(400, "country_required", "Send `country`, or call from a known location.", [{ path: "query.country", message: "required" }]);
    if (!MARKETS[country]) throw new ProblemError(422, "unsupported_country", `Payments are not offered in ${country}.`, [{ path: "query.country", message: "not a supported market" }]);
    return c.json({ country, currency: q.currency, items: rankMethods({ country, currency: q.currency, amount: q.amount }) }, 200);
  });
}
