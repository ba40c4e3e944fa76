import { createRoute, z } from "@hono/zod-openapi";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import { RoutingSchema } from "../schemas";
import { readRules } from "../store/routing";
import { TAGS, deps, type PaymentsApp } from "./app";

const route = createRoute({
  method: "get",
  path: "/v1/payments/routing",
  operationId: "getRouting",
  tags: TAGS,
  summary: "The tenant's routing rules",
  middleware: [requireCaller()] as const,
  responses: {
    200: { description: "The rules in force", content: { "application/json": { schema: RoutingSchema.extend({ updatedAt: z.string().nullable() }) } } },
    ...problemResponses(401, 403),
  },
});

export function registerGetRouting(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const { rules, updatedAt } = await readRules(deps(c).db, c.get("caller").tenantId);
    return c.json({ rules, updatedAt }, 200);
  });
}
