import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { ServiceVariables } from "../../../../shared/http/context";
import { decodeCursor, encodeCursor } from "../../../../shared/cursor";
import { ProblemError } from "../../../../shared/http/problem";
import { callerOf, requireCaller } from "../../../../shared/http/service";
import { verifyFeedToken } from "../feed-token";
import { getFeedToken } from "../store/feed-tokens";
import { CursorSchema, LimitSchema, listOf, problemResponses } from "../../../../shared/schemas/common";
import { today } from "../domain/dates";
import { keepEarliest, pageOfDeadlines, type Deadline, type DeadlinePosition } from "../domain/deadlines";
import { deadlinesCalendar } from "../domain/ical";
import { isInForce } from "../domain/status";
import { listAssets } from "../store/assets";
import { db } from "../store/db";
import type { IpApp } from "./app";

const Query = z.object({
  withinDays: z.coerce.number().int().min(0).max(3650).default(90).openapi({ type: "integer", example: 90 }),
  // A page is as long as the list's other pages may be; the default is a full page, so a small registry reads in one.
  limit: LimitSchema.unwrap().default(100),
  cursor: CursorSchema.optional(),
});

/**
 * Events a calendar feed holds at most (under 1 MB of iCalendar, which every subscribed calendar downloads again
 * on each refresh); past them it ends with an event saying where it was cut (deadlinesCalendar).
 */
export const MAX_FEED_EVENTS = 2_000;

/** Rights read a query at a time: a full registry (MAX_ASSETS_PER_TENANT, store/assets.ts) is 10 queries, far inside D1's 1,000 an invocation. */
const RIGHTS_PAGE = 500;

/** The last deadline a page served (see `pageOfDeadlines`). */
const CursorValue = z.object({ dueDate: z.string(), assetId: z.string(), ruleId: z.string(), occurrence: z.number().int() });

const DeadlineSchema = z
  .object({
    assetId: z.string(),
    assetName: z.string(),
    registrationNumber: z.string().nullable(),
    jurisdiction: z.string(),
    kind: z.string(),
    type: z.enum(["renewal", "declaration_of_use", "maintenance_fee", "annuity", "term_end"]),
    occurrence: z.number().int(),
    dueDate: z.string(),
    windowOpensAt: z.string(),
    graceEndsAt: z.string(),
    state: z.enum(["upcoming", "in_grace"]),
    daysUntilDue: z.number().int(),
    ruleId: z.string(),
    source: z.string(),
  })
  .openapi("IpDeadline");

const list = createRoute({
  method: "get",
  path: "/v1/ip/deadlines",
  operationId: "listDeadlines",
  tags: ["IP"],
  summary: "Renewals, maintenance fees and term ends due within `withinDays`, and those still in grace",
  middleware: [requireCaller()],
  request: { query: Query },
  responses: { 200: { description: "Deadlines by due date, a page at a time", content: { "application/json": { schema: listOf(DeadlineSchema, "IpDeadlineList") } } }, ...problemResponses(400, 401, 403) },
});

/** A secret key, or the feed token a calendar app carries in the subscribed URL. */
const callerOrFeedToken: MiddlewareHandler<{ Variables: ServiceVariables; Bindings: Env }> = async (c, next) => {
  const token = c.req.query("token");
  if (callerOf(c.req.raw.headers) || token === undefined) return requireCaller<{ Variables: ServiceVariables; Bindings: Env }>()(c, next);
  const claims = await verifyFeedToken(c.env, token);
  const row = claims && (await getFeedToken(db(c.env.DB), claims.tenantId, claims.feedId));
  if (!claims || !row || row.revokedAt) {
    throw new ProblemError(401, "invalid_feed_token", "The feed token is not valid, has expired or was revoked; make a new feed URL with POST /v1/ip/deadlines/feeds.");
  }
  c.set("caller", { tenantId: claims.tenantId, keyKind: "secret" });
  await next();
};

const calendar = createRoute({
  method: "get",
  path: "/v1/ip/deadlines.ics",
  operationId: "getDeadlinesCalendar",
  tags: ["IP"],
  summary: "The same deadlines as an iCalendar feed (default: the next three years)",
  description: `Authenticate with a secret key, or with \`?token=\` from \`POST /v1/ip/deadlines/feeds\` so a calendar app can subscribe. The feed holds the first ${MAX_FEED_EVENTS.toLocaleString("en")} deadlines by due date; when there are more, it ends with an event, on the first left-out deadline's date, saying that later ones are missing.`,
  middleware: [callerOrFeedToken],
  request: { query: z.object({ withinDays: Query.shape.withinDays.unwrap().default(1095), token: z.string().max(300).optional() }) },
  responses: { 200: { description: "text/calendar", content: { "text/calendar": { schema: z.string() } } }, ...problemResponses(400, 401, 403) },
});

/**
 * The first `count` of the tenant's deadlines within `withinDays` (after `after`), in list order. Work is bounded
 * whatever the registry's size: its rights are read RIGHTS_PAGE at a time and folded into the `count` kept
 * (keepEarliest), so a request holds one page of rights and `count` deadlines, never the whole list. Each
 * request still computes every right's deadlines in the span once (the rules are code, so SQL cannot order by
 * due date): MAX_ASSETS_PER_TENANT bounds that.
 */
async function earliestDeadlines(env: Env, tenantId: string, withinDays: number, count: number, now: Date, after?: DeadlinePosition): Promise<readonly Deadline[]> {
  const d = db(env.DB);
  let kept: readonly Deadline[] = [];
  for (let afterId: string | undefined; ; ) {
    const rights = await listAssets(d, tenantId, RIGHTS_PAGE, afterId);
    kept = keepEarliest(kept, rights.filter((a) => isInForce(a.status)), today(now), withinDays, count, after);
    if (rights.length < RIGHTS_PAGE) return kept;
    afterId = rights[rights.length - 1]!.id;
  }
}

export function registerDeadlines(app: IpApp) {
  app.openapi(list, async (c) => {
    const { withinDays, limit, cursor } = c.req.valid("query");
    const after = cursor === undefined ? undefined : decodeCursor(cursor, CursorValue);
    const { items, last } = pageOfDeadlines(await earliestDeadlines(c.env, c.get("caller").tenantId, withinDays, limit + 1, new Date(), after), limit);
    return c.json({ items, nextCursor: last ? encodeCursor(last) : null }, 200);
  });
  app.openapi(calendar, async (c) => {
    const now = new Date();
    const found = await earliestDeadlines(c.env, c.get("caller").tenantId, c.req.valid("query").withinDays, MAX_FEED_EVENTS + 1, now);
    return c.body(deadlinesCalendar(found.slice(0, MAX_FEED_EVENTS), now, found[MAX_FEED_EVENTS]?.dueDate), 200, { "content-type": "text/calendar; charset=utf-8" });
  });
}
