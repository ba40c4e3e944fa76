/**
 * Which shard of a live room holds a viewer: FNV-1a of the user id, so one
 * user's reconnects land on the same shard and its recent buffer. Any shard
 * can serve any viewer (all of them receive every message), so changing the
 * shard count only moves viewers, it never loses messages.
 */
export function shardFor(userId: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % Math.max(1, shards);
}

/** The Durable Object name of a room's shard; includes the tenant so no other tenant reaches it. */
export const shardName = (tenantId: string, roomId: string, k: number) => `${tenantId}/${roomId}/shard/${k}`;
/** The Durable Object name of a room. */
export const roomName = (tenantId: string, roomId: string) => `${tenantId}/${roomId}`;
