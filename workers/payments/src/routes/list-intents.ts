import { createRoute, z } from "@hono/zod-openapi";
import { decodeCursor, encodeCursor } from "../../../../shared/cursor";
import { idPattern } from "../../../../shared/ids";
import { requireCaller } from "../../../../shared/http/service";
import { CursorSchema, LimitSchema, listOf, problemResponses } from "../../../../shared/schemas/common";
import { IntentSchema } from "../schemas";
import { listIntents } from "../store/intents";
import { presentIntent } from "../view";
import { TAGS, deps, type PaymentsApp } from "./app";

const CursorShape = z.object({ before: z.string().regex(idPattern("pi")) });

const route = createRoute({
  method: "get",
  path: "/v1/payments/intents",
  operationId: "listIntents",
  tags: TAGS,
  summary: "The tenant's intents, newest first (attempts in GET /intents/{id})",
  middleware: [requireCaller()] as const,
  request: { query: z.object({ limit: LimitSchema, cursor: CursorSchema.optional() }) },
  responses: {
    200: { description: "A page", content: { "application/json": { schema: listOf(IntentSchema, "PaymentIntentList") } } },
    ...problemResponses(400, 401, 403),
  },
});

export function registerListIntents(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const before = cursor ? decodeCursor(cursor, CursorShape).before : undefined;
    const rows = await listIntents(deps(c).db, c.get("caller").tenantId, limit + 1, before);
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor({ before: page[page.length - 1]!.id }) : null;
    return c.json({ items: page.map((r) => presentIntent(r)), nextCursor }, 200);
  });
}
