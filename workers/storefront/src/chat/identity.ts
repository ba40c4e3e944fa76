import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { hmacSha256Hex } from "../../../../shared/crypto";
import { idPattern } from "../../../../shared/ids";
import { apiClient } from "../api";
import { PlatformBusy, retryAfterOf } from "../buyer-budget";
import type { SfEnv } from "../types";

/** The seller's user id in every chat room the storefront opens: buyers' ids (`b_…`) can never take it. */
export const SELLER_ID = "seller";

const BUYER_COOKIE = "sf_buyer";
const BUYER_SECRET = /^b_[0-9a-f]{32}$/;

/**
 * The anonymous buyer's secret: an HttpOnly cookie made on first use. It proves who the buyer is and is
 * never shown to anyone, so a page that will ask for a chat token makes sure it exists first.
 */
export function buyerCookie(c: Context<SfEnv>): string {
  const saved = getCookie(c, BUYER_COOKIE);
  if (saved && BUYER_SECRET.test(saved)) return saved;
  // Made once per request: a request that names the buyer twice (their rooms, then a room's members) names one buyer.
  const made = madeFor.get(c.req.raw);
  if (made) return made;
  const secret = `b_${crypto.randomUUID().replace(/-/g, "")}`;
  madeFor.set(c.req.raw, secret);
  setCookie(c, BUYER_COOKIE, secret, { path: "/", httpOnly: true, sameSite: "Lax", maxAge: 365 * 24 * 3600, secure: new URL(c.req.url).protocol === "https:" });
  return secret;
}

/** The buyer secret a request without one was given, by request. */
const madeFor = new WeakMap<Request, string>();

/**
 * What only this buyer's browser can present, for one `purpose`: HMAC under SESSION_SECRET of the purpose and
 * their cookie, 128 bits as hex. It names the buyer without showing the cookie.
 */
export async function buyerMac(c: Context<SfEnv>, purpose: string): Promise<string> {
  return (await hmacSha256Hex(c.env.SESSION_SECRET, `${purpose}:${buyerCookie(c)}`)).slice(0, 32);
}

/**
 * The buyer's chat identity (`b_…`). Every member of a room sees it as the sender of the buyer's messages,
 * so it cannot be the cookie itself: whoever read it there could present it as their own cookie and be
 * handed tokens for the buyer's rooms.
 */
export const buyerId = async (c: Context<SfEnv>): Promise<string> => `b_${await buyerMac(c, "chat-user")}`;

export type RoomKind = "direct" | "group" | "live";
export interface RoomInfo {
  id: string;
  kind: RoomKind;
  title: string | null;
}

const ROOM_ID = idPattern("room");
const LIVE_ID = idPattern("live");

/** A room read's answers that mean "no such room": 404, and 400 (a malformed id). */
const NO_SUCH_ROOM = new Set([400, 404]);

/**
 * A room of the tenant `key` belongs to, or null when it has none by that id (or the id is malformed). Any other
 * answer (the platform busy, 429, or failing, 5xx; the key refused) throws `PlatformBusy`, 503 with the platform's
 * Retry-After: neither a buyer nor a seller is told a room is gone because the platform could not answer.
 */
export async function readRoom(env: Env, key: string, roomId: string): Promise<RoomInfo | null> {
  // Not an id the chat service could have made: no room, and no call (a buyer's would spend their secret-key budget).
  if (!ROOM_ID.test(roomId) && !LIVE_ID.test(roomId)) return null;
  const { data, response } = await apiClient(env, key).GET("/v1/chat/rooms/{id}", { params: { path: { id: roomId } } });
  if (data) return { id: data.id, kind: data.kind, title: data.title };
  if (NO_SUCH_ROOM.has(response.status)) return null;
  throw new PlatformBusy(503, retryAfterOf(response), response.status);
}

/**
 * A chat token minted with `key` (a secret key, server-side only) for one user in exactly one room.
 * Short-lived: the SDK asks for a fresh one on every connect.
 */
export async function mintToken(env: Env, key: string, userId: string, roomId: string, role: "member" | "host"): Promise<string | null> {
  const { data } = await apiClient(env, key).POST("/v1/chat/tokens", { body: { userId, rooms: [roomId], role, ttlSeconds: 900 } });
  return data?.token ?? null;
}
