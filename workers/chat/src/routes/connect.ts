import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { problemResponses } from "../../../../shared/schemas/common";
import { ProblemError } from "../../../../shared/http/problem";
import { shardFor, shardName } from "../domain/shard";
import { connHeaders } from "../do/sockets";
import { SHARD_HEADERS } from "../do/shard";
import { isLiveRoomId, roomAccess, roomStub, type ChatEnv } from "../rooms";

const route = createRoute({
  method: "get",
  path: "/v1/chat/rooms/{id}/connect",
  operationId: "connectRoom",
  tags: ["Chat"],
  summary: "Open the room's WebSocket",
  description:
    "Upgrades to a WebSocket speaking the chat frames (publish, resume, typing, read, moderation). The token is checked before the upgrade: a bad one is 401, one for another room 403.",
  request: { params: z.object({ id: z.string() }), query: z.object({ token: z.string().optional() }) },
  responses: {
    101: { description: "Switching to the WebSocket protocol" },
    ...problemResponses(401, 403, 404, 426),
  },
});

export function registerConnect(app: OpenAPIHono<ChatEnv>) {
  app.openapi(route, async (c) => {
    const id = c.req.valid("param").id;
    const { tenantId, claims } = await roomAccess(c, id, { tokenRequired: true });
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new ProblemError(426, "upgrade_required", "Connect with a WebSocket (`Upgrade: websocket`).", undefined, { upgrade: "websocket" });
    }
    const headers = new Headers(c.req.raw.headers);
    for (const [name, value] of Object.entries(connHeaders({ userId: claims!.sub, role: claims!.role, exp: claims!.exp }))) headers.set(name, value);
    if (!isLiveRoomId(id)) return roomStub(c.env, tenantId, id).fetch(new Request(c.req.url, { headers }));

    const k = shardFor(claims!.sub, Number(c.env.LIVE_SHARDS) || 1);
    headers.set(SHARD_HEADERS.tenant, tenantId);
    headers.set(SHARD_HEADERS.room, id);
    headers.set(SHARD_HEADERS.shard, String(k));
    const shard = c.env.SHARDS.get(c.env.SHARDS.idFromName(shardName(tenantId, id, k)));
    return shard.fetch(new Request(c.req.url, { headers }));
  });
}
