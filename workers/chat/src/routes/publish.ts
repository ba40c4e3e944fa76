import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { ClientMsgId, MessageBody, Role, type ServerFrame } from "../../../../shared/chat/protocol";
import { ProblemError } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import type { PublishResult } from "../do/room-api";
import { assertRoomId, objectCall, roomStub, type ChatEnv } from "../rooms";

const PublishBody = z
  .object({
    userId: z.string().min(1).max(128).openapi({ description: "Who the message is from, as a chat token would name them." }),
    role: Role.default("member"),
    clientMsgId: ClientMsgId.openapi({ description: "Publishing the same id again (as the same user) answers the first message's seq and delivers nothing new." }),
    body: MessageBody,
  })
  .openapi("ChatPublish", { example: { userId: "seller", role: "host", clientMsgId: "pin-7f3a9c", body: { kind: "product", listingId: "lst_01JDEMO0000000000000000000", note: "Today only" } } });

const Published = z.object({ seq: z.number().int(), duplicate: z.boolean() }).openapi("ChatPublished", { example: { seq: 42, duplicate: false } });

const route = createRoute({
  method: "post",
  path: "/v1/chat/rooms/{id}/messages",
  operationId: "publishRoomMessage",
  tags: ["Chat"],
  summary: "Publish a message from the tenant's server (no socket needed)",
  description:
    "For servers that act in a room without holding a WebSocket, such as a form post pinning a product in a live room. The message is sequenced and delivered exactly like one published over a socket; the role's permissions and a direct room's membership apply.",
  middleware: [requireCaller()],
  request: {
    params: z.object({ id: z.string().max(64).openapi({ example: "live_01JDEMO0000000000000000000" }) }),
    body: { required: true, content: { "application/json": { schema: PublishBody } } },
  },
  responses: {
    201: { description: "Sequenced and delivered", content: { "application/json": { schema: Published } } },
    200: { description: "Already published with this clientMsgId: the first message's seq", content: { "application/json": { schema: Published } } },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

/** An `error` frame from the room as the problem an HTTP caller gets. */
function problemOf(frame: ServerFrame): ProblemError {
  const e = frame.type === "error" ? frame : { code: "not_supported" as const, message: "The room refused the message.", retryAfterMs: undefined };
  if (e.code === "not_found") return new ProblemError(404, "not_found", "Room was not found.");
  if (e.code === "room_busy" || e.code === "rate_limited") {
    return new ProblemError(429, e.code, e.message, undefined, { "retry-after": String(Math.max(1, Math.ceil((e.retryAfterMs ?? 1000) / 1000))) });
  }
  return new ProblemError(403, e.code, e.message);
}

/** `POST /v1/chat/rooms/{id}/messages` (secret key). */
export function registerPublish(app: OpenAPIHono<ChatEnv>) {
  app.openapi(route, async (c) => {
    const id = c.req.valid("param").id;
    assertRoomId(id);
    const { userId, role, clientMsgId, body } = c.req.valid("json");
    const r = await objectCall<PublishResult>(() => roomStub(c.env, c.get("caller").tenantId, id).publishFrom({ userId, role }, clientMsgId, body));
    if (!r.ok) throw problemOf(r.error);
    return c.json({ seq: r.seq, duplicate: r.duplicate }, r.duplicate ? 200 : 201);
  });
}
