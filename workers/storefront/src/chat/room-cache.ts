import { PlatformBusy } from "../buyer-budget";
import { fetchRoom, type RoomInfo } from "./identity";

/** How long this isolate trusts a room it read: a room's kind and title never change, so this only bounds memory's age. */
const TTL_MS = 60_000;
/** At most this many rooms are remembered (the oldest go first). */
const MAX_ROOMS = 500;

const rooms = new Map<string, { room: RoomInfo; until: number }>();

/**
 * A room of the storefront's tenant, read with its secret key at most once a minute per isolate: every viewer
 * of a live show opens the page and asks for tokens, and each read spends the key's budget, shared by every buyer.
 * Only rooms that exist are remembered (an unknown id is read again, at its asker's expense). Unlike the console's
 * `readRoom`, an answer other than 404 (or 400, a malformed id) throws rather than reading as no room.
 */
export async function storefrontRoom(env: Env, roomId: string, now = Date.now()): Promise<RoomInfo | null> {
  const hit = rooms.get(roomId);
  if (hit && hit.until > now) return hit.room;
  const { room, status } = await fetchRoom(env, env.STOREFRONT_SECRET_KEY, roomId);
  // Only "no such room" (or a malformed id) is one; a platform that cannot answer now must not tell buyers their room is gone.
  if (!room && status !== 400 && status !== 404) throw new PlatformBusy(503, 10);
  rooms.delete(roomId);
  if (room) {
    if (rooms.size >= MAX_ROOMS) rooms.delete(rooms.keys().next().value!);
    rooms.set(roomId, { room, until: now + TTL_MS });
  }
  return room;
}

/** Forgets every remembered room (tests: each stubs its own platform). */
export function forgetRooms() {
  rooms.clear();
}
