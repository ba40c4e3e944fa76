import { createRoute, z } from "@hono/zod-openapi";
import type { GatewayApp } from "../types";
import { problemResponses } from "../../../../shared/schemas/common";
import { authenticate } from "../auth";
import { clientIp, enforceRateLimit } from "../rate-limit";

const WhoamiSchema = z
  .object({ tenantId: z.string(), keyKind: z.enum(["secret", "publishable"]) })
  .openapi("Whoami");

const whoami = createRoute({
  method: "get",
  path: "/v1/me",
  tags: ["Platform"],
  summary: "The tenant and key kind behind the presented key",
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
  tags: ["Platform"],
  summary: "Liveness of the gateway alone: touches no binding",
  responses: { 200: { description: "Alive", content: { "text/plain": { schema: z.string() } } } },
});

export function registerWhoami(app: GatewayApp) {
  app.openapi(whoami, async (c) => {
    const key = (await authenticate(c.env.DB, c.req.raw, "publishable"))!;
    await enforceRateLimit(c.env, key, clientIp(c.req.raw));
    return c.json({ tenantId: key.tenantId, keyKind: key.kind }, 200);
  });
  app.openapi(ping, (c) => c.text("ok", 200));
}
