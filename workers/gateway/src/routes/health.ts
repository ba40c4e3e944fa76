import { createRoute, z } from "@hono/zod-openapi";
import type { GatewayApp } from "../types";
import { SERVICES, serviceBinding, type ServiceName } from "../services";

const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    services: z.record(z.string(), z.enum(["ok", "down"])),
  })
  .openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["Platform"],
  summary: "Reports the gateway and every service behind it",
  responses: {
    200: { description: "Every service answers", content: { "application/json": { schema: HealthSchema } } },
    503: { description: "At least one service is down", content: { "application/json": { schema: HealthSchema } } },
  },
});

async function probe(env: Env, name: ServiceName): Promise<"ok" | "down"> {
  try {
    const res = await serviceBinding(env, name).fetch("https://internal/health");
    return res.ok ? "ok" : "down";
  } catch {
    return "down";
  }
}

export function registerHealth(app: GatewayApp) {
  app.openapi(route, async (c) => {
    const names = Object.keys(SERVICES) as ServiceName[];
    const results = await Promise.all(names.map((n) => probe(c.env, n)));
    const services = Object.fromEntries(names.map((n, i) => [n, results[i]!]));
    const allOk = results.every((r) => r === "ok");
    return c.json({ status: allOk ? ("ok" as const) : ("degraded" as const), services }, allOk ? 200 : 503);
  });
}
