import { createRoute } from "@hono/zod-openapi";
import { requireCaller } from "../../../../shared/http/service";
import { commitIdempotent, idempotencyHeaders, idempotent } from "../../../../shared/idempotency/middleware";
import { problemResponses } from "../../../../shared/schemas/common";
import type { MiddlewareHandler } from "hono";
import { planIntent, routingInputs, type RoutingInputs } from "../service/create-intent";
import type { Deps } from "../service/deps";
import { CreateIntentSchema, IntentSchema } from "../schemas";
import { presentIntent } from "../view";
import { TAGS, deps, type PaymentsApp } from "./app";

/**
 * Starts the routing reads before the idempotency claim, so the two D1 round trips overlap (a replayed or
 * refused request simply drops the read). The handler picks them up by its request.
 */
const started = new WeakMap<Request, { d: Deps; inputs: Promise<RoutingInputs> }>();
const prefetchRouting: MiddlewareHandler = async (c, next) => {
  const d = deps(c as never);
  const inputs = routingInputs(d, c.get("caller").tenantId);
  inputs.catch(() => {}); // awaited by the handler if it runs; never an unhandled rejection if not
  started.set(c.req.raw, { d, inputs });
  await next();
};

const route = createRoute({
  method: "post",
  path: "/v1/payments/intents",
  operationId: "createIntent",
  tags: TAGS,
  summary: "Create a payment intent, routed (needs Idempotency-Key)",
  middleware: [requireCaller(), prefetchRouting, idempotent({ required: true })] as const,
  request: {
    headers: idempotencyHeaders(true),
    body: { required: true, content: { "application/json": { schema: CreateIntentSchema } } },
  },
  responses: {
    201: { description: "Created, in requires_confirmation", content: { "application/json": { schema: IntentSchema } } },
    ...problemResponses(400, 401, 403, 409, 422),
  },
});

export function registerCreateIntent(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const pre = started.get(c.req.raw);
    const d = pre?.d ?? deps(c);
    const { intent, insert } = await planIntent(d, c.get("caller").tenantId, c.req.valid("json"), pre?.inputs);
    c.header("location", `/v1/payments/intents/${intent.id}`);
    const res = c.json(presentIntent(intent), 201);
    // The intent and the key's stored answer in one round trip, together or not at all.
    await commitIdempotent(c, d.db, [insert], res);
    return res;
  });
}
