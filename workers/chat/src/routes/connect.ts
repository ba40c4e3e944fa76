import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { CLOSE, CLOSE_REFUSAL_VERSION } from "../../../../shared/chat/protocol";
import { problemResponses } from "../../../../shared/schemas/common";
import { ProblemError } from "../../../../shared/http/problem";
import { shardFor, shardName } from "../domain/shard";
import { connHeaders } from "../do/sockets";
import { SHARD_HEADERS } from "../do/shard";
import { isLiveRoomId, objectCall, roomAccess, roomStub, type ChatEnv } from "../rooms";

const route = createRoute({
  method: "get",
  path: "/v1/chat/rooms/{id}/connect",
  operationId: "connectRoom",
  tags: ["Chat"],
  summary: "Open the room's WebSocket",
  description:
    "Upgrades to a WebSocket speaking the chat frames (publish, resume, typing, read, moderation). The token is checked before the upgrade: a bad one is 401, one for another room 403. A client that names protocol 3 or later (`?v=3`) gets a refusal for good (an expired or bad token, a token for another room, a removed user, a direct room's non-member, no such room) as an accepted upgrade closed at once: 4001 token expired, 4003 removed, 4004 no such room, 4009 not allowed, the reason naming the problem's code.",
  request: { params: z.object({ id: z.string() }), query: z.object({ token: z.string().optional(), v: z.string().optional() }) },
  responses: {
    101: { description: "Switching to the WebSocket protocol" },
    ...problemResponses(401, 403, 404, 426),
  },
});

/** Refusals for good at connect, by problem code, and the close code a client from CLOSE_REFUSAL_VERSION gets instead. */
const REFUSAL_CLOSES: Record<string, number> = {
  token_expired: CLOSE.tokenExpired,
  removed: CLOSE.removed,
  not_found: CLOSE.roomGone,
  invalid_token: CLOSE.notAllowed,
  token_required: CLOSE.notAllowed,
  room_not_allowed: CLOSE.notAllowed,
  not_a_member: CLOSE.notAllowed,
};

/**
 * An upgrade accepted and closed at once with `code`, the reason naming the problem: a browser reports a refused
 * upgrade as 1006, as it does a network failure, so the SDK would retry a refusal for good forever.
 */
function closedAtOnce(code: number, reason: string): Response {
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  server.close(code, reason);
  return new Response(null, { status: 101, webSocket: client });
}

async function upgrade(c: Context<ChatEnv>, id: string): Promise<Response> {
  const { tenantId, claims } = await roomAccess(c, id, { tokenRequired: true });
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new ProblemError(426, "upgrade_required", "Connect with a WebSocket (`Upgrade: websocket`).", undefined, { upgrade: "websocket" });
  }
  const headers = new Headers(c.req.raw.headers);
  for (const [name, value] of Object.entries(connHeaders({ userId: claims!.sub, role: claims!.role, exp: claims!.exp }))) headers.set(name, value);
  if (!isLiveRoomId(id)) return objectCall(() => roomStub(c.env, tenantId, id).fetch(new Request(c.req.url, { headers })));

  const shards = Number(c.env.LIVE_SHARDS) || 1;
  const home = shardFor(claims!.sub, shards);
  headers.set(SHARD_HEADERS.tenant, tenantId);
  headers.set(SHARD_HEADERS.room, id);
  let res!: Response;
  for (let i = 0; i < Math.min(shards, SHARD_TRIES); i++) {
    const k = (home + i) % shards;
    headers.set(SHARD_HEADERS.shard, String(k));
    res = await objectCall(() => c.env.SHARDS.get(c.env.SHARDS.idFromName(shardName(tenantId, id, k))).fetch(new Request(c.req.url, { headers })));
    if (!(await shardFull(res))) return res;
  }
  return res;
}

/**
 * Shards a connect tries: the viewer's own (`shardFor`), then the next ones while each is full. Every shard relays
 * every message and keeps the same recent buffer, so any of them serves the viewer as well; a full shard turned the
 * viewer away while others had room, and ids that hash to one shard cost an attacker nothing (buyer cookies). Four,
 * so a room whose shards are all full costs a refused connect at most four shard calls.
 */
const SHARD_TRIES = 4;

const shardFull = async (res: Response): Promise<boolean> =>
  res.status === 503 && ((await res.clone().json().catch(() => null)) as { code?: string } | null)?.code === "shard_full";

export function registerConnect(app: OpenAPIHono<ChatEnv>) {
  app.openapi(route, async (c) => {
    const id = c.req.valid("param").id;
    const closes = c.req.header("upgrade")?.toLowerCase() === "websocket" && Number(c.req.query("v")) >= CLOSE_REFUSAL_VERSION;
    if (!closes) return upgrade(c, id);
    let res: Response;
    try {
      res = await upgrade(c, id);
    } catch (err) {
      const code = err instanceof ProblemError ? REFUSAL_CLOSES[err.code] : undefined;
      if (code === undefined) throw err;
      return closedAtOnce(code, (err as ProblemError).code);
    }
    if (res.status === 101 || res.status >= 500) return res;
    const problem = (await res.clone().json().catch(() => null)) as { code?: string } | null;
    const code = problem?.code ? REFUSAL_CLOSES[problem.code] : undefined;
    return code === undefined ? res : closedAtOnce(code, problem!.code!);
  });
}
