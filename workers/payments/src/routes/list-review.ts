import { createRoute, z } from "@hono/zod-openapi";
import { decodeCursor, encodeCursor } from "../../../../shared/cursor";
import { requireCaller } from "../../../../shared/http/service";
import { CursorSchema, LimitSchema, listOf, problemResponses } from "../../../../shared/schemas/common";
import { ReviewIdPattern, ReviewItemSchema } from "../schemas";
import { reviewPage } from "../service/review";
import { TAGS, deps, type PaymentsApp } from "./app";

/** The place of a page's last item (`ReviewPlace`), checked on the way back in. */
const CursorShape = z.object({ since: z.iso.datetime(), id: z.string().regex(ReviewIdPattern), source: z.union([z.literal(0), z.literal(1), z.literal(2)]) });

const route = createRoute({
  method: "get",
  path: "/v1/payments/review",
  operationId: "listPaymentReview",
  tags: TAGS,
  summary: "The tenant's captures, cancels, refunds and charges in review, oldest first: what reconciliation cannot learn (past the provider's key window with no read, or a read that stayed unclear a week past it), each with what to check at the provider",
  middleware: [requireCaller()] as const,
  request: { query: z.object({ limit: LimitSchema, cursor: CursorSchema.optional() }) },
  responses: {
    200: { description: "A page", content: { "application/json": { schema: listOf(ReviewItemSchema, "PaymentReviewList") } } },
    ...problemResponses(400, 401, 403),
  },
});

export function registerListReview(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = cursor ? decodeCursor(cursor, CursorShape) : undefined;
    const { items, next } = await reviewPage(deps(c), c.get("caller").tenantId, limit, after);
    return c.json({ items, nextCursor: next ? encodeCursor(next) : null }, 200);
  });
}
