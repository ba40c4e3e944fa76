import { createRoute, type z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { requireCaller } from "../../../../shared/http/service";
import { idempotencyHeaders, idempotent } from "../../../../shared/idempotency/middleware";
import { problemResponses } from "../../../../shared/schemas/common";
import { IntentSchema, ResolveReviewSchema, ReviewIdParam } from "../schemas";
import { resolveReview } from "../service/resolve-review";
import { TAGS, deps, intentView, type PaymentsApp } from "./app";

const route = createRoute({
  method: "post",
  path: "/v1/payments/review/{id}/resolve",
  operationId: "resolvePaymentReview",
  tags: TAGS,
  summary:
    "Settle a capture, cancel, refund or stuck charge in review by what the provider shows (after checking it there); answers the intent. A retry of a resolution already applied is answered as it was; another outcome is a 409",
  middleware: [requireCaller(), idempotent({ required: false })] as MiddlewareHandler[] as [MiddlewareHandler],
  request: {
    params: ReviewIdParam,
    headers: idempotencyHeaders(false),
    body: { required: true, content: { "application/json": { schema: ResolveReviewSchema } } },
  },
  responses: {
    200: { description: "The intent, settled", content: { "application/json": { schema: IntentSchema } } },
    // 422: a `reference` that names no item of the intent (`unknown_reference`), a `providerRef` missing, misshapen, or
    // not the charge's payment or the refund paid out as its provider shows it; 409: nothing in review under it (settled
    // meanwhile), or settled otherwise; 502: the provider did not show the payment or refund an item is marked done with.
    ...problemResponses(400, 401, 403, 404, 409, 422, 502),
  },
});

export function registerResolveReview(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const d = deps(c);
    const { tenantId } = c.get("caller");
    const body = c.req.valid("json") as z.infer<typeof ResolveReviewSchema>;
    const intentId = await resolveReview(d, tenantId, c.req.valid("param").id, body.outcome, body.providerRef, body.reference);
    return c.json(await intentView(d, tenantId, intentId), 200);
  });
}
