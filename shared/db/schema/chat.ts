import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The tenant's room directory. Rooms live in Durable Objects, one per room, which cannot be
 * enumerated: the chat service records each room here when it creates it, so a tenant can list
 * its rooms (newest first) without knowing their ids. Messages and members stay in the room.
 */
export const chatRooms = sqliteTable(
  "chat_rooms",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    kind: text("kind", { enum: ["direct", "group", "live"] }).notNull(),
    title: text("title"),
    /** The members named at creation (a direct room's two parties), as a JSON array. */
    members: text("members", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: text("created_at").notNull(),
  },
  // Listed newest first: live and other rooms have different id prefixes, so ids alone do not sort by time.
  (t) => [index("chat_rooms_tenant").on(t.tenantId, t.createdAt, t.id), index("chat_rooms_tenant_kind").on(t.tenantId, t.kind, t.createdAt, t.id)],
);
