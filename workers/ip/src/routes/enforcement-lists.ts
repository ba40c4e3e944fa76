import { createRoute, z } from "@hono/zod-openapi";
import { requireCaller } from "../../../../shared/http/service";
import { CursorSchema, LimitSchema, listOf, problemResponses } from "../../../../shared/schemas/common";
import { STAGES } from "../domain/case-process";
import { CaseSummarySchema } from "../schemas/cases";
import { COMPLAINT_STATUSES, ComplaintSummarySchema } from "../schemas/complaints";
import { listCases } from "../store/cases";
import { listComplaints } from "../store/complaints";
import { listingOf } from "./complaints";
import { db } from "../store/db";
import { afterOf, page, type IpApp } from "./app";

// The console's inboxes: cases and complaints, newest first, so a seller finds them without knowing their ids.

const listCasesRoute = createRoute({
  method: "get",
  path: "/v1/ip/cases",
  operationId: "listCases",
  tags: ["IP"],
  summary: "List the tenant's enforcement cases, newest first, optionally at one stage",
  middleware: [requireCaller()],
  request: {
    query: z.object({
      stage: z.enum(STAGES, { error: `must be one of ${STAGES.join(", ")}` }).optional().openapi({ example: "warning_letter" }),
      limit: LimitSchema,
      cursor: CursorSchema.optional(),
    }),
  },
  responses: { 200: { description: "A page of cases", content: { "application/json": { schema: listOf(CaseSummarySchema, "IpCaseList") } } }, ...problemResponses(400, 401, 403) },
});

const listComplaintsRoute = createRoute({
  method: "get",
  path: "/v1/ip/complaints",
  operationId: "listComplaints",
  tags: ["IP"],
  summary: "List complaints received against the tenant's listings, newest first, optionally with one status",
  middleware: [requireCaller()],
  request: {
    query: z.object({
      status: z.enum(COMPLAINT_STATUSES, { error: `must be one of ${COMPLAINT_STATUSES.join(", ")}` }).optional().openapi({ example: "open" }),
      limit: LimitSchema,
      cursor: CursorSchema.optional(),
    }),
  },
  responses: { 200: { description: "A page of complaints", content: { "application/json": { schema: listOf(ComplaintSummarySchema, "IpComplaintList") } } }, ...problemResponses(400, 401, 403) },
});

export function registerEnforcementLists(app: IpApp) {
  app.openapi(listCasesRoute, async (c) => {
    const { stage, limit, cursor } = c.req.valid("query");
    const rows = await listCases(db(c.env.DB), c.get("caller").tenantId, limit + 1, { afterId: afterOf(cursor), stage });
    const { items, nextCursor } = page(rows, limit);
    return c.json({ items: items.map(({ tenantId: _t, version: _v, ...row }) => ({ ...row, stage: row.stage as (typeof STAGES)[number] })), nextCursor }, 200);
  });

  app.openapi(listComplaintsRoute, async (c) => {
    const { status, limit, cursor } = c.req.valid("query");
    const rows = await listComplaints(db(c.env.DB), c.get("caller").tenantId, limit + 1, { afterId: afterOf(cursor), status });
    const { items, nextCursor } = page(rows, limit);
    return c.json({ items: items.map(({ tenantId: _t, response: _r, courtAction: _c, ...row }) => ({ ...row, listing: listingOf(row) })), nextCursor }, 200);
  });
}
