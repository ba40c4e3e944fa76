import { createRoute, z } from "@hono/zod-openapi";
import { ProblemError } from "../../../../shared/http/problem";
import { requireAdmin } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import type { ProviderHealth } from "../do/provider-health";
import { PROVIDERS } from "../domain/methods-data";
import { forgetHealth } from "../health";
import type { PaymentsApp, PaymentsContext } from "./app";

const Scenario = z
  .record(z.string(), z.object({ mode: z.enum(["ok", "outage", "soft_decline", "hard_decline", "requires_action", "three_ds", "timeout", "server_error"]), latencyMs: z.number().int().optional(), answerAfterMs: z.number().int().optional() }))
  .openapi("SimulatorScenario", { example: { stripe: { mode: "outage" }, adyen: { mode: "ok" } } });

const put = createRoute({
  method: "put",
  path: "/v1/admin/payments/simulator",
  operationId: "putPaymentSimulator",
  tags: ["Payments admin"],
  summary: "Local stack only: set the provider simulator's scenario (outages, latency, declines, requires_action, three_ds (a card's 3-D Secure redirect), timeouts, 500s after the work)",
  middleware: [requireAdmin()],
  request: { body: { required: true, content: { "application/json": { schema: Scenario } } } },
  responses: { 200: { description: "The scenario in force", content: { "application/json": { schema: Scenario } } }, ...problemResponses(400, 401, 404) },
});

const reset = createRoute({
  method: "post",
  path: "/v1/admin/payments/simulator/reset",
  operationId: "resetPaymentSimulator",
  tags: ["Payments admin"],
  summary: "Local stack only: normal scenario, and every provider's health window and breaker forgotten",
  middleware: [requireAdmin()],
  responses: { 200: { description: "The scenario in force", content: { "application/json": { schema: Scenario } } }, ...problemResponses(401, 404) },
});

function simulator(c: PaymentsContext): Fetcher {
  if (c.env.PROVIDER_TRANSPORT !== "simulator" || !c.env.PROVIDER_SIM) throw new ProblemError(404, "route_not_found", "This deployment talks to real providers: there is no simulator.");
  return c.env.PROVIDER_SIM;
}

export function registerAdminSimulator(app: PaymentsApp) {
  app.openapi(put, async (c) => {
    const res = await simulator(c).fetch("http://provider-sim/_sim/scenario", { method: "PUT", body: JSON.stringify(c.req.valid("json")) });
    if (!res.ok) throw new ProblemError(400, "invalid_scenario", await res.text());
    return c.json((await res.json()) as z.infer<typeof Scenario>, 200);
  });
  app.openapi(reset, async (c) => {
    const res = await simulator(c).fetch("http://provider-sim/_sim/reset", { method: "POST" });
    await Promise.all(PROVIDERS.map((p) => (c.env.HEALTH.get(c.env.HEALTH.idFromName(p)) as unknown as DurableObjectStub<ProviderHealth>).reset(p)));
    forgetHealth();
    return c.json((await res.json()) as z.infer<typeof Scenario>, 200);
  });
}
