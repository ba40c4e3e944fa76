import { createRoute, z } from "@hono/zod-openapi";
import { requireCaller } from "../../../../shared/http/service";
import { isKnownCurrency } from "../../../../shared/money/currency";
import { problemResponses } from "../../../../shared/schemas/common";
import { FxRatesSchema } from "../schemas";
import { setRates } from "../store/fx";
import { dbOf, type CatalogApp } from "./app";
import { ProblemError } from "../../../../shared/http/problem";

const route = createRoute({
  method: "put",
  path: "/v1/catalog/fx-rates",
  operationId: "setFxRates",
  tags: ["Catalog"],
  summary: "Set the tenant's FX rates",
  description:
    "Units of each currency per one USD, as decimal strings. Replaces the tenant's rates; a currency left out uses the platform's default rate. Prices convert from the listing's base currency through USD and round half up, once, to the target currency's minor unit.",
  middleware: [requireCaller()] as const,
  request: { body: { required: true, content: { "application/json": { schema: FxRatesSchema } } } },
  responses: {
    200: {
      description: "The rates now in force for this tenant",
      content: { "application/json": { schema: z.object({ rates: z.record(z.string(), z.string()), setAt: z.string() }) } },
    },
    ...problemResponses(400, 401, 403),
  },
});

/** PUT /fx-rates: bumps the catalog version, so every cached price is recomputed on the next read. */
export function registerFxRates(app: CatalogApp) {
  app.openapi(route, async (c) => {
    const { rates } = c.req.valid("json");
    const errors = Object.entries(rates).flatMap(([currency, rate]) =>
      !isKnownCurrency(currency)
        ? [{ path: `rates.${currency}`, message: `${currency} is not an ISO 4217 currency` }]
        : currency === "USD" && Number(rate) !== 1
          ? [{ path: "rates.USD", message: "USD is the reference currency; its rate is 1" }]
          : [],
    );
    if (errors.length > 0) throw new ProblemError(400, "unknown_currency", errors[0]!.message, errors);
    const setAt = await setRates(dbOf(c), c.get("caller").tenantId, rates);
    return c.json({ rates, setAt }, 200);
  });
}
