import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { problemResponses } from "../../../../shared/schemas/common";
import { newId } from "../../../../shared/ids";
import { notFound, ProblemError } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { idempotencyHeaders, idempotent } from "../../../../shared/idempotency/middleware";
import { objectCall, roomAccess, roomIdPrefix, roomStub, type ChatEnv } from "../rooms";
import { forgetRoom, recordRoom } from "../store/room-directory";
import type { RoomRecord } from "../store/room-store";

const UserId = z.string().min(1).max(128);

export const CreateRoomBody = z
  .object({
    kind: z.enum(["direct", "group", "live"]),
    title: z.string().min(1).max(200).optional(),
    members: z.array(UserId).max(1000).optional(),
  })
  .openapi("CreateRoom", { example: {"kind": "group", "title": "Support", "members": ["alice", "bob"]} });

export const Room = z
  .object({
    id: z.string().openapi({ example: "room_01JDEMO0000000000000000000" }),
    kind: z.enum(["direct", "group", "live"]),
    title: z.string().nullable(),
    createdAt: z.string(),
    latestSeq: z.number().int(),
  })
  .openapi("ChatRoom");

const create = createRoute({
  method: "post",
  path: "/v1/chat/rooms",
  operationId: "createRoom",
  tags: ["Chat"],
  summary: "Create a room",
  description: "A `direct` room admits only its two `members`; `group` rooms admit any token holder for the room; `live` rooms fan out to sharded audiences.",
  middleware: [requireCaller(), idempotent()] as const,
  request: { headers: idempotencyHeaders(false), body: { content: { "application/json": { schema: CreateRoomBody } }, required: true } },
  responses: {
    201: { description: "The room", content: { "application/json": { schema: Room } } },
    ...problemResponses(400, 401, 403, 409),
  },
});

const get = createRoute({
  method: "get",
  path: "/v1/chat/rooms/{id}",
  operationId: "getRoom",
  tags: ["Chat"],
  summary: "Read a room",
  middleware: [requireCaller()],
  request: { params: z.object({ id: z.string() }) },
  responses: {
    200: { description: "The room", content: { "application/json": { schema: Room } } },
    ...problemResponses(401, 403, 404),
  },
});

export function registerRooms(app: OpenAPIHono<ChatEnv>) {
  app.openapi(create, async (c) => {
    const body = c.req.valid("json");
    const members = [...new Set(body.members ?? [])];
    if (body.kind === "direct" && members.length !== 2) {
      throw new ProblemError(400, "validation_failed", "A direct room has exactly two members.", [{ path: "members", message: "must list exactly two distinct user ids" }]);
    }
    const tenantId = c.get("caller").tenantId;
    const id = newId(roomIdPrefix(body.kind));
    const record = { id, tenantId, kind: body.kind, title: body.title ?? null, createdAt: new Date().toISOString() };
    // Listed first, then made: a room that failed to be made is taken off the list again, and the
    // idempotency middleware replays a retried create without running this twice.
    await recordRoom(c.env.DB, record, members);
    let room: RoomRecord;
    try {
      room = await objectCall(() => roomStub(c.env, tenantId, id).init(record, members));
    } catch (err) {
      await forgetRoom(c.env.DB, tenantId, id);
      throw err;
    }
    return c.json({ id: room.id, kind: room.kind, title: room.title, createdAt: room.createdAt, latestSeq: 0 }, 201, { location: `/v1/chat/rooms/${id}` });
  });

  app.openapi(get, async (c) => {
    const id = c.req.valid("param").id;
    const { tenantId } = await roomAccess(c, id);
    const info = await objectCall(() => roomStub(c.env, tenantId, id).info());
    if (!info) throw notFound("Room");
    const { room, latestSeq } = info;
    return c.json({ id: room.id, kind: room.kind, title: room.title, createdAt: room.createdAt, latestSeq }, 200);
  });
}
