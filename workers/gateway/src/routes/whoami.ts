import { createRoute, z } from "@hono/zod-openapi";
import type { GatewayApp } from "../types";
import { problemResponses } from "../../../../shared/schemas/common";
import { admit } from "../admit";

const WhoamiSchema = z
  .object({
    tenantId: z.string(),
    keyKind: z.enum(["secret", "publishable"]),
    plan: z
      .enum(["standard", "high"])
      .optional()
      .openapi({ description: "The tenant's plan, which sets each key's request budget; told to secret keys only (publishable keys ship to browsers)." }),
  })
  .openapi("Whoami");

const whoami = createRoute({
  method: "get",
  path: "/v1/me",
  operationId: "whoami",
  tags: ["Platform"],
  summary: "The tenant, key kind and (to a secret key) plan behind the presented key",
  description: "The cheapest authenticated route: the bench's baseline.",
  security: [{ secretKey: [] }, { publishableKey: [] }],
  responses: {
    200: { description: "The caller", content: { "application/json": { schema: WhoamiSchema } } },
    ...problemResponses(401, 429),
  },
});

const ping = createRoute({
  method: "get",
  path: "/ping",
  operationId: "ping",
  tags: ["Platform"],
  summary: "Liveness of the gateway alone: touches no binding",
  responses: { 200: { description: "Alive", content: { "text/plain": { schema: z.string() } } } },
});

export function registerWhoami(app: GatewayApp) {
  app.openapi(whoami, async (c) => {
    const key = (await admit(c, "publishable"))!;
    return c.json({ tenantId: key.tenantId, keyKind: key.kind, ...(key.kind === "secret" ? { plan: key.plan } : {}) }, 200);
  });
  app.openapi(ping, (c) => c.text("ok", 200));
}
