import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { Role } from "../../../../shared/chat/protocol";
import { problemResponses } from "../../../../shared/schemas/common";
import { requireCaller } from "../../../../shared/http/service";
import { assertRoomId, type ChatEnv } from "../rooms";
import { mintToken } from "../tokens";

const RoomId = z.string().refine((id) => {
  try {
    assertRoomId(id);
    return true;
  } catch {
    return false;
  }
}, "must be a room id (room_… or live_…)");

export const TokenRequest = z
  .object({
    userId: z.string().min(1).max(128).openapi({ example: "user_42" }),
    rooms: z
      .union([z.literal("*"), z.array(RoomId).min(1).max(100)])
      .optional()
      .openapi({
        description:
          'The rooms the token opens, by id, or `"*"`: every room of the tenant, as a member only. Omitted, it is `"*"`: a member\'s token for every room (a direct room still admits only its members), so a token for a host or moderator (`role` other than member, or `roles`) must name its rooms.',
        example: ["room_01JDEMO0000000000000000000"],
      }),
    role: Role.default("member").openapi({ description: "The user's role in every room named, unless `roles` gives a room another." }),
    roles: z.record(RoomId, Role).optional().openapi({ description: "A role per room, overriding `role` there; every key must be one of `rooms`.", example: { room_01JDEMO0000000000000000000: "host" } }),
    ttlSeconds: z.number().int().min(60).max(86_400).default(3600),
  })
  .superRefine((t, ctx) => {
    if (t.rooms === undefined) {
      if (t.role !== "member" || t.roles) ctx.addIssue({ code: "custom", path: ["rooms"], message: "a host's or moderator's token must name its rooms" });
      return;
    }
    if (t.rooms === "*") {
      if (t.role !== "member") ctx.addIssue({ code: "custom", path: ["role"], message: 'a token for every room ("*") is a member\'s; name the rooms this user moderates' });
      if (t.roles) ctx.addIssue({ code: "custom", path: ["roles"], message: 'per-room roles need the rooms named, not "*"' });
      return;
    }
    for (const room of Object.keys(t.roles ?? {})) {
      if (!t.rooms.includes(room)) ctx.addIssue({ code: "custom", path: ["roles", room], message: "must be one of rooms" });
    }
  })
  .openapi("ChatTokenRequest");

const route = createRoute({
  method: "post",
  path: "/v1/chat/tokens",
  operationId: "createChatToken",
  tags: ["Chat"],
  summary: "Mint a chat token for an app user",
  description:
    "Your server calls this with its secret key and hands the token to the app, which connects with `?token=`. Tokens are HS256 JWTs valid for `ttlSeconds` (default 1 h, at most 24 h). A token names its rooms and the user's role in each: a host of one room is a member (or nothing) in another.",
  middleware: [requireCaller()],
  request: { body: { content: { "application/json": { schema: TokenRequest } }, required: true } },
  responses: {
    200: {
      description: "The token",
      content: { "application/json": { schema: z.object({ token: z.string(), expiresAt: z.string() }).openapi("ChatToken") } },
    },
    ...problemResponses(400, 401, 403),
  },
});

export function registerTokens(app: OpenAPIHono<ChatEnv>) {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const minted = await mintToken(c.env.CHAT_TOKEN_SECRET, { sub: body.userId, tenant: c.get("caller").tenantId, rooms: body.rooms ?? "*", role: body.role, ...(body.roles ? { roles: body.roles } : {}) }, body.ttlSeconds);
    return c.json(minted, 200);
  });
}
