import { createRoute, z } from "@hono/zod-openapi";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import { PROVIDERS } from "../domain/methods-data";
import { ProviderSchema } from "../schemas";
import { TAGS, deps, type PaymentsApp } from "./app";

const ProviderHealthSchema = z
  .object({
    provider: ProviderSchema,
    circuit: z.enum(["closed", "open", "half_open"]),
    consecutiveFailures: z.number().int(),
    attempts: z.number().int(),
    successRate: z.number().nullable().openapi({ description: "Authorized share of attempts over the window (null: no attempts)." }),
    p50Ms: z.number().nullable(),
    p95Ms: z.number().nullable(),
    windowSeconds: z.number().int(),
  })
  .openapi("ProviderHealth");

const route = createRoute({
  method: "get",
  path: "/v1/payments/providers",
  operationId: "listProviders",
  tags: TAGS,
  summary: "Each provider's circuit state, success rate and latency over the recent window",
  middleware: [requireCaller()] as const,
  responses: {
    200: { description: "Provider health", content: { "application/json": { schema: z.object({ items: z.array(ProviderHealthSchema) }) } } },
    ...problemResponses(401, 403),
  },
});

export function registerListProviders(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const snap = await deps(c).health.snapshot();
    const windowSeconds = Math.round((Number(c.env.HEALTH_WINDOW_MS) || 300_000) / 1000);
    const items = PROVIDERS.map((p) => {
      const s = snap[p];
      return { provider: p, circuit: s.breaker, consecutiveFailures: s.consecutiveFailures, attempts: s.attempts, successRate: s.successRate, p50Ms: s.p50Ms, p95Ms: s.p95Ms, windowSeconds };
    });
    return c.json({ items }, 200);
  });
}
