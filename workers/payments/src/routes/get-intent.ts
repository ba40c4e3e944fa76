import { createRoute } from "@hono/zod-openapi";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import { IntentIdParam, IntentSchema } from "../schemas";
import { TAGS, deps, intentView, type PaymentsApp } from "./app";

const route = createRoute({
  method: "get",
  path: "/v1/payments/intents/{id}",
  operationId: "getIntent",
  tags: TAGS,
  summary: "Read an intent with every attempt and refund",
  middleware: [requireCaller()] as const,
  request: { params: IntentIdParam },
  responses: {
    200: { description: "The intent", content: { "application/json": { schema: IntentSchema } } },
    ...problemResponses(400, 401, 403, 404),
  },
});

export function registerGetIntent(app: PaymentsApp) {
  app.openapi(route, async (c) => c.json(await intentView(deps(c), c.get("caller").tenantId, c.req.valid("param").id), 200));
}
