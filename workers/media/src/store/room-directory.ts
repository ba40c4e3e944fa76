import { RefreshAheadMemo } from "../../../../shared/memo/refresh-ahead";

/**
 * Answers per isolate: a repeat of an id (an app's own, or invented) within the age costs no D1 read. A chat
 * room made within the age after its id was asked about would be placed unverified, but the chat service
 * makes a room's id when it makes the room: nobody can ask about one before.
 */
const answers = new RefreshAheadMemo<boolean>(10_000);

/**
 * The rooms the platform knows: the tenant's room directory in D1 (`chat_rooms`, shared/db/schema/chat.ts),
 * which the chat service writes when a room is made with a secret key. Read only, and only when a buyer's
 * device asks about a room the registry holds no assignment of (`roomPlacement`'s `pool`), remembered for
 * `maxAgeMs`. Plain SQL: one point read is not worth drizzle's weight in this bundle (~170 KB).
 */
export function isTenantRoom(d1: D1Database, tenantId: string, roomId: string, maxAgeMs: number): Promise<boolean> {
  return answers.get(`${encodeURIComponent(tenantId)}/${encodeURIComponent(roomId)}`, maxAgeMs, async () => {
    const row = await d1.prepare("SELECT 1 AS found FROM chat_rooms WHERE id = ?1 AND tenant_id = ?2").bind(roomId, tenantId).first<{ found: number }>();
    return row !== null;
  });
}
