import { BoundedLru } from "../../../../shared/memo/lru";
import { readRoom, type RoomInfo } from "./identity";

/** How long this isolate trusts a room it read: a room's kind and title never change, so this only bounds memory's age. */
const TTL_MS = 60_000;
/** At most this many rooms are remembered (the oldest go first). */
const MAX_ROOMS = 500;

// Read with `peek`: a room read often is not kept longer, so the oldest read from the platform goes first.
const rooms = new BoundedLru<string, RoomInfo>({ maxEntries: MAX_ROOMS, maxAgeMs: TTL_MS });

/**
 * A room of the storefront's tenant, read with its secret key at most once a minute per isolate: every viewer
 * of a live show opens the page and asks for tokens, and each read spends the key's budget, shared by every buyer.
 * Only rooms that exist are remembered (an unknown id is read again, at its asker's expense); a platform that cannot
 * answer now throws `PlatformBusy` (`readRoom`), so nothing is remembered and no buyer is told the room is gone.
 */
export async function storefrontRoom(env: Env, roomId: string, now = Date.now()): Promise<RoomInfo | null> {
  const hit = rooms.peek(roomId, now);
  if (hit) return hit;
  const room = await readRoom(env, env.STOREFRONT_SECRET_KEY, roomId);
  if (room) rooms.set(roomId, room, { now });
  else rooms.delete(roomId);
  return room;
}

/** Forgets every remembered room (tests: each stubs its own platform). */
export function forgetRooms() {
  rooms.clear();
}
