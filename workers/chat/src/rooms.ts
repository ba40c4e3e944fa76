import type { Context } from "hono";
import type { RoomKind } from "../../../shared/chat/protocol";
import { callerOf, type ServiceEnv } from "../../../shared/http/service";
import { notFound, ProblemError } from "../../../shared/http/problem";
import { idPattern } from "../../../shared/ids";
import { roomName, shardFor, shardName } from "./domain/shard";
import { verifyToken, type ChatClaims } from "./tokens";

export type ChatEnv = ServiceEnv<Env>;

const ROOM_ID = idPattern("room");
const LIVE_ID = idPattern("live");

/**
 * Live rooms get their own id prefix so the edge can send a viewer straight
 * to a shard without first asking the room's sequencer, which a reconnect
 * storm of a huge audience would otherwise overwhelm.
 */
export const roomIdPrefix = (kind: RoomKind) => (kind === "live" ? "live" : "room");

export function isLiveRoomId(id: string): boolean {
  return LIVE_ID.test(id);
}

/** A room id this service could have issued; anything else is a 404 without touching storage. */
export function assertRoomId(id: string): void {
  if (!ROOM_ID.test(id) && !LIVE_ID.test(id)) throw notFound("Room");
}

/**
 * A call to a room or shard object. One that throws (overloaded, redeploying, reset) is a 503 with Retry-After the
 * caller can back off from, not the 500 a bug gets; a ProblemError passes as it is.
 */
export async function objectCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ProblemError) throw err;
    console.warn("a chat object call failed; answered 503", err);
    throw new ProblemError(503, "service_unavailable", "The chat room is unavailable just now; retry shortly.", undefined, { "retry-after": "1" });
  }
}

export function roomStub(env: Env, tenantId: string, roomId: string) {
  return env.ROOMS.get(env.ROOMS.idFromName(roomName(tenantId, roomId)));
}

/** A live room viewer's own shard (`shardFor`), as a connect picks it first. */
export const shardOf = (env: Env, userId: string): number => shardFor(userId, Number(env.LIVE_SHARDS) || 1);

export function shardStub(env: Env, tenantId: string, roomId: string, userId: string) {
  return env.SHARDS.get(env.SHARDS.idFromName(shardName(tenantId, roomId, shardOf(env, userId))));
}

/** Who is asking about a room: a secret key (the tenant's server) or a chat token for that room. */
export interface RoomAccess {
  tenantId: string;
  claims: ChatClaims | null;
}

/**
 * Resolves access to a room from a `?token=` (verified here, never by the
 * gateway) or else from the gateway's secret-key caller. A token that names
 * another tenant than the key's reaches nothing: 404.
 */
export async function roomAccess(c: Context<ChatEnv>, roomId: string, { tokenRequired = false } = {}): Promise<RoomAccess> {
  assertRoomId(roomId);
  const caller = callerOf(c.req.raw.headers);
  const token = c.req.query("token");
  if (token) {
    const claims = await verifyToken(c.env.CHAT_TOKEN_SECRET, token, roomId);
    if (caller && caller.tenantId !== claims.tenant) throw notFound("Room");
    return { tenantId: claims.tenant, claims };
  }
  if (tokenRequired) throw new ProblemError(401, "token_required", "Connecting needs a chat token: `?token=` from POST /v1/chat/tokens.");
  if (!caller) throw new ProblemError(401, "unauthorized", "Send a secret key or a chat token (`?token=`).");
  if (caller.keyKind !== "secret") throw new ProblemError(403, "secret_key_required", "This endpoint needs a secret key (sk_…) or a chat token.");
  return { tenantId: caller.tenantId, claims: null };
}
