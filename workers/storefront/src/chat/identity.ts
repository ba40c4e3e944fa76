import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { apiClient } from "../api";

/** The seller's user id in every chat room the storefront opens: buyers' ids (`b_…`) can never take it. */
export const SELLER_ID = "seller";

const BUYER_COOKIE = "sf_buyer";
const BUYER_ID = /^b_[0-9a-f]{32}$/;

/**
 * The anonymous buyer's id: kept in an HttpOnly cookie (a chat identity, so page script has no use for
 * it), made on first use. Only this Worker turns it into chat tokens.
 */
export function buyerId(c: Context): string {
  const saved = getCookie(c, BUYER_COOKIE);
  if (saved && BUYER_ID.test(saved)) return saved;
  const id = `b_${crypto.randomUUID().replace(/-/g, "")}`;
  setCookie(c, BUYER_COOKIE, id, { path: "/", httpOnly: true, sameSite: "Lax", maxAge: 365 * 24 * 3600, secure: new URL(c.req.url).protocol === "https:" });
  return id;
}

export type RoomKind = "direct" | "group" | "live";
export interface RoomInfo {
  id: string;
  kind: RoomKind;
  title: string | null;
}

/** A room of the tenant `key` belongs to, or null when it does not exist there (or the id is malformed). */
export async function readRoom(env: Env, key: string, roomId: string): Promise<RoomInfo | null> {
  const { data } = await apiClient(env, key).GET("/v1/chat/rooms/{id}", { params: { path: { id: roomId } } });
  return data ? { id: data.id, kind: data.kind, title: data.title } : null;
}

/**
 * A chat token minted with `key` (a secret key, server-side only) for one user in exactly one room.
 * Short-lived: the SDK asks for a fresh one on every connect.
 */
export async function mintToken(env: Env, key: string, userId: string, roomId: string, role: "member" | "host"): Promise<string | null> {
  const { data } = await apiClient(env, key).POST("/v1/chat/tokens", { body: { userId, rooms: [roomId], role, ttlSeconds: 900 } });
  return data?.token ?? null;
}
