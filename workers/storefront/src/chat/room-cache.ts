import { readRoom, type RoomInfo } from "./identity";

/** How long this isolate trusts a room it read: a room's kind and title never change, so this only bounds memory's age. */
const TTL_MS = 60_000;
/** At most this many rooms are remembered (the oldest go first). */
const MAX_ROOMS = 500;

const rooms = new Map<string, { room: RoomInfo; until: number }>();

/**
 * A room of the storefront's tenant, read with its secret key at most once a minute per isolate: every viewer
 * of a live show opens the page and asks for tokens, and each read spends the key's budget, shared by every buyer.
 * Only rooms that exist are remembered (an unknown id is read again, at its asker's expense); a platform that cannot
 * answer now throws `PlatformBusy` (`readRoom`), so nothing is remembered and no buyer is told the room is gone.
 */
export async function storefrontRoom(env: Env, roomId: string, now = Date.now()): Promise<RoomInfo | null> {
  const hit = rooms.get(roomId);
  if (hit && hit.until > now) return hit.room;
  const room = await readRoom(env, env.STOREFRONT_SECRET_KEY, roomId);
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
