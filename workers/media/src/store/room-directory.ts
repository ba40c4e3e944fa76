/**
 * The rooms the platform knows: the tenant's room directory in D1 (`chat_rooms`, shared/db/schema/chat.ts),
 * which the chat service writes when a room is made with a secret key. Read only, and only when a buyer's
 * device asks about a room the registry holds no assignment of (see `MediaRegistry.room`'s `mayPlace`).
 * Plain SQL: one point read is not worth drizzle's weight in this bundle (~170 KB).
 */
export async function isTenantRoom(d1: D1Database, tenantId: string, roomId: string): Promise<boolean> {
  const row = await d1.prepare("SELECT 1 AS found FROM chat_rooms WHERE id = ?1 AND tenant_id = ?2").bind(roomId, tenantId).first<{ found: number }>();
  return row !== null;
}
