import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { commitIdempotent, idempotencyHeaders, idempotent } from "../../../../shared/idempotency/middleware";
import { notFound } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { newId } from "../../../../shared/ids";
import { CursorSchema, LimitSchema, listOf, problemResponses } from "../../../../shared/schemas/common";
import { signFeedToken } from "../feed-token";
import { mediaType } from "../media-type";
import { idParam } from "../schemas/common";
import { db } from "../store/db";
import { listFeedTokens, newFeedToken, revokeFeedToken, type FeedTokenRow } from "../store/feed-tokens";
import { afterOf, page, type IpApp } from "./app";

/** A feed URL lives a year unless asked otherwise, and at most two: calendar subscriptions are long-lived, but not forever. */
const DEFAULT_TTL_DAYS = 365;
const MAX_TTL_DAYS = 730;

const FeedToken = z
  .object({
    id: z.string().openapi({ example: "fdt_01JABCDEFGHJKMNPQRSTVWXYZ0" }),
    label: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("IpDeadlinesFeedToken");

const view = ({ tenantId: _t, ...row }: FeedTokenRow) => row;

type FeedView = ReturnType<typeof view>;

/** The feed as answered: its row, its URL and its token (an Ed25519 signature over tenant, id and expiry). */
async function answer(c: Context, feed: FeedView) {
  const token = await signFeedToken(c.env as Env, { tenantId: c.get("caller").tenantId, feedId: feed.id, exp: Date.parse(feed.expiresAt) / 1000 });
  return { ...feed, url: `/v1/ip/deadlines.ics?token=${encodeURIComponent(token)}`, token };
}

/** The stored answer keeps no token (it opens the calendar)... */
function withoutToken(body: string): string {
  const { url: _u, token, ...feed } = JSON.parse(body) as FeedView & { url?: string; token?: string };
  return token ? JSON.stringify(feed) : body;
}

/** ...and a replay signs the same claims again: Ed25519 is deterministic, so the retry gets the very token the first answer had. */
async function withToken(c: Context, body: string): Promise<string> {
  const feed = JSON.parse(body) as FeedView & { token?: string };
  return typeof feed.id === "string" && typeof feed.expiresAt === "string" && !feed.token ? JSON.stringify(await answer(c, feed)) : body;
}

const create = createRoute({
  method: "post",
  path: "/v1/ip/deadlines/feeds",
  operationId: "createDeadlinesFeed",
  tags: ["IP"],
  summary: "Make a subscribable URL of the deadlines calendar, for calendar apps that cannot send a key",
  description: `The URL carries a feed token that opens this tenant's calendar only. It expires after \`ttlDays\` (default ${DEFAULT_TTL_DAYS}, at most ${MAX_TTL_DAYS}) and can be revoked on its own with DELETE. The token is shown once.`,
  middleware: [requireCaller(), idempotent({ redact: withoutToken, reveal: withToken })] as const,
  request: {
    headers: idempotencyHeaders(false),
    body: {
      required: false,
      content: { "application/json": { schema: z.object({ label: z.string().trim().min(1).max(100).optional(), ttlDays: z.number().int().min(1).max(MAX_TTL_DAYS).default(DEFAULT_TTL_DAYS) }).openapi("IpDeadlinesFeedInput") } },
    },
  },
  responses: {
    201: {
      description: "The feed URL (a path: prefix the API host) and its token",
      content: { "application/json": { schema: FeedToken.extend({ url: z.string(), token: z.string() }).openapi("IpDeadlinesFeed") } },
    },
    ...problemResponses(400, 401, 403),
  },
});

const list = createRoute({
  method: "get",
  path: "/v1/ip/deadlines/feeds",
  operationId: "listDeadlinesFeeds",
  tags: ["IP"],
  summary: "The tenant's feed tokens (without the tokens themselves), newest first, a page at a time",
  middleware: [requireCaller()],
  request: { query: z.object({ limit: LimitSchema, cursor: CursorSchema.optional() }) },
  responses: { 200: { description: "A page of feed tokens", content: { "application/json": { schema: listOf(FeedToken, "IpDeadlinesFeedList") } } }, ...problemResponses(400, 401, 403) },
});

const revoke = createRoute({
  method: "delete",
  path: "/v1/ip/deadlines/feeds/{id}",
  operationId: "revokeDeadlinesFeed",
  tags: ["IP"],
  summary: "Revoke one feed token: its URL stops working at once, the others keep working",
  middleware: [requireCaller()],
  request: { params: idParam("fdt") },
  responses: { 200: { description: "Revoked", content: { "application/json": { schema: FeedToken } } }, ...problemResponses(401, 403, 404) },
});

export function registerDeadlineFeeds(app: IpApp) {
  app.openapi(create, async (c) => {
    const tenantId = c.get("caller").tenantId;
    // The body is optional: an empty POST gets the defaults.
    const input = mediaType(c.req.header("content-type")) === "application/json" ? c.req.valid("json") : { ttlDays: DEFAULT_TTL_DAYS, label: undefined };
    const now = Date.now();
    const exp = Math.floor(now / 1000) + input.ttlDays * 86_400;
    const d = db(c.env.DB);
    const { row, writes } = newFeedToken(d, {
      id: newId("fdt", now),
      tenantId,
      label: input.label ?? null,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(exp * 1000).toISOString(),
    });
    // Signed before anything is written (the ledger key may be missing: a 503 that leaves no token behind),
    // then the row and the answer a retry replays go in one batch: nothing after the write can free the key.
    const res = c.json(await answer(c, view(row)), 201);
    return (await commitIdempotent(c, d, writes, res)).response as typeof res;
  });
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const { items, nextCursor } = page(await listFeedTokens(db(c.env.DB), c.get("caller").tenantId, limit + 1, afterOf(cursor)), limit);
    return c.json({ items: items.map(view), nextCursor }, 200);
  });
  app.openapi(revoke, async (c) => {
    const id = c.req.valid("param").id;
    const row = await revokeFeedToken(db(c.env.DB), c.get("caller").tenantId, id, new Date().toISOString());
    if (!row) throw notFound(`Feed token ${id}`);
    return c.json(view(row), 200);
  });
}
