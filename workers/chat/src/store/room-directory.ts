import { and, desc, eq, lt, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { chatRooms } from "../../../../shared/db/schema";
import type { RoomRecord } from "./room-store";

export type DirectoryRow = typeof chatRooms.$inferSelect;

/** The only module that speaks SQL for the tenant's room directory (`chat_rooms` in D1). */
export async function recordRoom(d1: D1Database, room: RoomRecord, members: string[]): Promise<void> {
  await drizzle(d1).insert(chatRooms).values({ ...room, members }).onConflictDoNothing();
}

/** Takes back a directory entry whose room could not be created, so the list never shows a room that is not there. */
export async function forgetRoom(d1: D1Database, tenantId: string, id: string): Promise<void> {
  await drizzle(d1).delete(chatRooms).where(and(eq(chatRooms.tenantId, tenantId), eq(chatRooms.id, id)));
}

/** Where a page ends: the last room's creation time and id (rooms made in the same millisecond are told apart by id). */
export interface RoomPosition {
  createdAt: string;
  id: string;
}

/** A page of the tenant's rooms, newest first, after `after` in that order; only one kind when given. */
export async function listRooms(d1: D1Database, tenantId: string, limit: number, opts: { after?: RoomPosition; kind?: DirectoryRow["kind"] } = {}): Promise<DirectoryRow[]> {
  const { after, kind } = opts;
  return drizzle(d1)
    .select()
    .from(chatRooms)
    .where(
      and(
        eq(chatRooms.tenantId, tenantId),
        kind ? eq(chatRooms.kind, kind) : undefined,
        after ? or(lt(chatRooms.createdAt, after.createdAt), and(eq(chatRooms.createdAt, after.createdAt), lt(chatRooms.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(chatRooms.createdAt), desc(chatRooms.id))
    .limit(limit);
}
