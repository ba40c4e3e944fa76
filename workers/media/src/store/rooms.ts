import type { RoomAssignment, RoomPool } from "../domain/rooms";
import { migrate, type Migration } from "./schema";

const VERIFIED: Record<RoomPool, number> = { verified: 1, unverified: 0 };

type Row = {
  node_id: string;
  anchor: string;
  anchored_by: string;
  country: string | null;
  assigned_at: number;
  verified: number;
};

/**
 * Room assignments: written when a room is placed or moved (and touched while it is asked about), read when
 * a room is first asked about. `assigned_at` is when the assignment was last made or confirmed in use;
 * `verified` is its pool (1: verified, 0: unverified); `anchored_by` and `country` as in RoomAssignment. One row per room id, whichever pool: one node per room.
 */
export class RoomStore {
  /** The `rooms` table's versions (schema.ts). */
  static readonly MIGRATIONS: readonly Migration[] = [
    // 1: the pools (dc4f4c5). A registry made before versions records none, and may have any layout it ever
    // had: no table yet, rooms without `verified` (with or without rooms_by_assigned_at), or this one.
    (sql) => {
      sql.exec(`CREATE TABLE IF NOT EXISTS rooms (
        id TEXT PRIMARY KEY, node_id TEXT NOT NULL, anchor TEXT NOT NULL, assigned_at INTEGER NOT NULL, verified INTEGER NOT NULL DEFAULT 1)`);
      // A registry made before the pools: its rows were placed by secret keys or for the tenant's rooms (since
      // 62c03f2) or by anyone (before). Counting them verified keeps every room in use safe from invented ids;
      // MAX_ROOMS still ages out the rest.
      if (!sql.exec<{ name: string }>("PRAGMA table_info(rooms)").toArray().some((c) => c.name === "verified")) {
        sql.exec("ALTER TABLE rooms ADD COLUMN verified INTEGER NOT NULL DEFAULT 1");
      }
      sql.exec("DROP INDEX IF EXISTS rooms_by_assigned_at");
      sql.exec("CREATE INDEX IF NOT EXISTS rooms_by_pool ON rooms (verified, assigned_at, id)");
    },
    // 2: who anchored a room, and the anchor's country (the room's residency). Rooms stored before: a buyer's
    // device anchored the unverified ones; a verified one may have been either, and is counted a server's so
    // that no room in use moves on the first secret-key ask after the deploy. No country: as before, the
    // asker's residency alone places it.
    (sql) => {
      sql.exec("ALTER TABLE rooms ADD COLUMN anchored_by TEXT NOT NULL DEFAULT 'server'");
      sql.exec("ALTER TABLE rooms ADD COLUMN country TEXT");
      sql.exec("UPDATE rooms SET anchored_by = 'edge' WHERE verified = 0");
    },
  ];

  private readonly sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    migrate(storage, "rooms", RoomStore.MIGRATIONS);
    this.sql = storage.sql;
  }

  count(pool: RoomPool): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM rooms WHERE verified = ?", VERIFIED[pool]).one().n;
  }

  /** Marks a kept assignment as still in use, so it is the last of its pool to be dropped. */
  touch(roomId: string, at: number): void {
    this.sql.exec("UPDATE rooms SET assigned_at = ? WHERE id = ?", at, roomId);
  }

  /** Drops the `n` assignments of `pool` used least recently (never `keep`), answering their ids. */
  dropStalest(pool: RoomPool, n: number, keep: string): string[] {
    return this.sql
      .exec<{ id: string }>(
        "DELETE FROM rooms WHERE id IN (SELECT id FROM rooms WHERE verified = ? AND id != ? ORDER BY assigned_at, id LIMIT ?) RETURNING id",
        VERIFIED[pool], keep, n,
      )
      .toArray()
      .map((r) => r.id);
  }

  get(roomId: string): RoomAssignment | null {
    const row = this.sql.exec<Row>("SELECT node_id, anchor, anchored_by, country, assigned_at, verified FROM rooms WHERE id = ?", roomId).toArray()[0];
    if (!row) return null;
    return {
      roomId,
      nodeId: row.node_id,
      anchor: JSON.parse(row.anchor),
      anchoredBy: row.anchored_by === "edge" ? "edge" : "server",
      country: row.country,
      assignedAt: row.assigned_at,
      pool: row.verified ? "verified" : "unverified",
    };
  }

  put(a: RoomAssignment): void {
    this.sql.exec(
      `INSERT INTO rooms (id, node_id, anchor, anchored_by, country, assigned_at, verified) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET node_id = excluded.node_id, anchor = excluded.anchor, anchored_by = excluded.anchored_by,
         country = excluded.country, assigned_at = excluded.assigned_at, verified = excluded.verified`,
      a.roomId, a.nodeId, JSON.stringify(a.anchor), a.anchoredBy, a.country, a.assignedAt, VERIFIED[a.pool],
    );
  }
}
