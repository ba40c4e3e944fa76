import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { Role } from "../../../../shared/chat/protocol";
import { CursorSchema, problemResponses } from "../../../../shared/schemas/common";
import { decodeCursor, encodeCursor } from "../../../../shared/cursor";
import { notFound, ProblemError } from "../../../../shared/http/problem";
import { canModerate } from "../domain/permissions";
import type { HistoryAnswer } from "../do/room-api";
import { isLiveRoomId, objectCall, roomAccess, roomStub, shardOf, shardStub, type ChatEnv } from "../rooms";

const Message = z
  .object({
    type: z.literal("message"),
    seq: z.number().int(),
    id: z.string(),
    clientMsgId: z.string(),
    from: z.string(),
    role: Role.optional().openapi({ description: "The sender's role in the room when they published it; absent on messages from before rooms recorded it." }),
    at: z.string(),
    body: z.record(z.string(), z.unknown()).nullable().openapi({ description: "The message body by kind; null once deleted." }),
    deletedAt: z.string().optional(),
  })
  .openapi("ChatMessage");

const History = z
  .object({
    items: z.array(Message),
    nextCursor: z.string().nullable(),
    latestSeq: z.number().int(),
    lastReadSeq: z.number().int().optional(),
    unread: z.number().int().optional(),
  })
  .openapi("ChatHistory");

const route = createRoute({
  method: "get",
  path: "/v1/chat/rooms/{id}/messages",
  operationId: "listRoomMessages",
  tags: ["Chat"],
  summary: "Room history, oldest first",
  description: "Messages with `seq > afterSeq`, in order. With a chat token the answer also carries the user's `lastReadSeq` and `unread` count.",
  request: {
    params: z.object({ id: z.string() }),
    query: z.object({
      afterSeq: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      cursor: CursorSchema.optional(),
      token: z.string().optional(),
    }),
  },
  responses: {
    200: { description: "A page of history", content: { "application/json": { schema: History } } },
    ...problemResponses(400, 401, 403, 404),
  },
});

export function registerMessages(app: OpenAPIHono<ChatEnv>) {
  app.openapi(route, async (c) => {
    const id = c.req.valid("param").id;
    const q = c.req.valid("query");
    const { tenantId, claims } = await roomAccess(c, id);
    const afterSeq = q.cursor ? decodeCursor(q.cursor, z.object({ afterSeq: z.number().int().min(0) })).afterSeq : q.afterSeq;
    const reader = claims ? { userId: claims.sub, role: claims.role } : undefined;
    // A live room's members read through their shard, which spends its share of the room's read budget first: a
    // refused read then costs the sequencer no call. Hosts, moderators and secret keys are not counted: to the room.
    const viaShard = reader && isLiveRoomId(id) && !canModerate(reader.role);
    const page = await objectCall<HistoryAnswer | null>(() =>
      viaShard ? shardStub(c.env, tenantId, id, reader.userId).history({ tenantId, roomId: id, k: shardOf(c.env, reader.userId) }, reader, afterSeq, q.limit) : roomStub(c.env, tenantId, id).history(afterSeq, q.limit, reader),
    );
    if (!page) throw notFound("Room");
    if ("busy" in page) {
      // A live room's sequencer reads only so much for its members a second (LIVE_READ_RULE); hosts, moderators and secret keys are not counted.
      const retryAfter = String(Math.max(1, Math.ceil(page.retryAfterMs / 1000)));
      throw new ProblemError(429, "room_busy", "The room is serving all the history it can; retry shortly.", undefined, { "retry-after": retryAfter });
    }
    if ("forbidden" in page) throw new ProblemError(403, "not_a_member", "This token's user may not read this room.");
    const last = page.items[page.items.length - 1];
    const nextCursor = last && last.seq < page.latestSeq ? encodeCursor({ afterSeq: last.seq }) : null;
    return c.json({ ...page, nextCursor }, 200);
  });
}
