import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { decodeCursor, encodeCursor } from "../../../../shared/cursor";
import { requireCaller } from "../../../../shared/http/service";
import { CursorSchema, LimitSchema, listOf, problemResponses } from "../../../../shared/schemas/common";
import type { ChatEnv } from "../rooms";
import { listRooms, type RoomPosition } from "../store/room-directory";

const KINDS = ["direct", "group", "live"] as const;

const RoomSummary = z
  .object({
    id: z.string(),
    kind: z.enum(KINDS),
    title: z.string().nullable(),
    members: z.array(z.string()).openapi({ description: "The members named when the room was made (a direct room's two parties)." }),
    createdAt: z.string(),
  })
  .openapi("ChatRoomSummary", { example: { id: "room_01JDEMO0000000000000000000", kind: "direct", title: "Ask the seller: Desk lamp", members: ["b_0123456789abcdef0123456789abcdef", "seller"], createdAt: "2026-11-26T09:00:00.000Z" } });

const Position = z.object({ createdAt: z.string().max(40), id: z.string().max(64) }) satisfies z.ZodType<RoomPosition>;

const route = createRoute({
  method: "get",
  path: "/v1/chat/rooms",
  operationId: "listRooms",
  tags: ["Chat"],
  summary: "List the tenant's rooms, newest first, optionally of one kind",
  description: "From the room directory the service writes when it creates a room; read a room (`GET /v1/chat/rooms/{id}`) for its latest `seq`.",
  middleware: [requireCaller()],
  request: {
    query: z.object({
      kind: z.enum(KINDS, { error: `must be one of ${KINDS.join(", ")}` }).optional().openapi({ example: "direct" }),
      limit: LimitSchema,
      cursor: CursorSchema.optional(),
    }),
  },
  responses: {
    200: { description: "A page of rooms", content: { "application/json": { schema: listOf(RoomSummary, "ChatRoomList") } } },
    ...problemResponses(400, 401, 403),
  },
});

/** `GET /v1/chat/rooms`: the seller's conversations and shows, so a console need not know room ids. */
export function registerRoomList(app: OpenAPIHono<ChatEnv>) {
  app.openapi(route, async (c) => {
    const { kind, limit, cursor } = c.req.valid("query");
    const after = cursor ? decodeCursor(cursor, Position) : undefined;
    const rows = await listRooms(c.env.DB, c.get("caller").tenantId, limit + 1, { after, kind });
    const items = rows.slice(0, limit).map(({ tenantId: _t, ...room }) => room);
    const last = items[items.length - 1];
    return c.json({ items, nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null }, 200);
  });
}
