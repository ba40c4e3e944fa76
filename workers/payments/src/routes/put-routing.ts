import { createRoute, z } from "@hono/zod-openapi";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import type { RoutingRule } from "../domain/routing";
import { RoutingSchema } from "../schemas";
import { writeRules } from "../store/routing";
import { rememberRules } from "../service/rules-memo";
import { TAGS, deps, type PaymentsApp } from "./app";

const route = createRoute({
  method: "put",
  path: "/v1/payments/routing",
  operationId: "putRouting",
  tags: TAGS,
  summary: "Replace the tenant's routing rules (first match wins; no match: success-rate routing)",
  middleware: [requireCaller()] as const,
  request: { body: { required: true, content: { "application/json": { schema: RoutingSchema } } } },
  responses: {
    200: { description: "The rules now in force", content: { "application/json": { schema: RoutingSchema.extend({ updatedAt: z.string() }) } } },
    ...problemResponses(400, 401, 403),
  },
});

export function registerPutRouting(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const { rules } = c.req.valid("json");
    const d = deps(c);
    const updatedAt = new Date(d.now()).toISOString();
    const tenantId = c.get("caller").tenantId;
    // This isolate's next create routes by the new rules at once; others find out through the guard in their batch.
    rememberRules(tenantId, await writeRules(d.db, tenantId, rules as RoutingRule[], updatedAt));
    return c.json({ rules, updatedAt }, 200);
  });
}
