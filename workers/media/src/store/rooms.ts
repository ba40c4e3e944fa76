import type { RoomAssignment } from "../domain/rooms";

/**
 * Room assignments: written when a room is placed or moved (and touched while it is asked about), read when
 * a room is first asked about. `assigned_at` is when the assignment was last made or confirmed in use.
 */
export class RoomStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS rooms (
      id TEXT PRIMARY KEY, node_id TEXT NOT NULL, anchor TEXT NOT NULL, assigned_at INTEGER NOT NULL)`);
    sql.exec("CREATE INDEX IF NOT EXISTS rooms_by_assigned_at ON rooms (assigned_at, id)");
  }

  count(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM rooms").one().n;
  }

  /** Marks a kept assignment as still in use, so it is the last to be dropped. */
  touch(roomId: string, at: number): void {
    this.sql.exec("UPDATE rooms SET assigned_at = ? WHERE id = ?", at, roomId);
  }

  /** Drops the `n` assignments used least recently (never `keep`), answering their ids. */
  dropStalest(n: number, keep: string): string[] {
    return this.sql
      .exec<{ id: string }>("DELETE FROM rooms WHERE id IN (SELECT id FROM rooms WHERE id != ? ORDER BY assigned_at, id LIMIT ?) RETURNING id", keep, n)
      .toArray()
      .map((r) => r.id);
  }

  get(roomId: string): RoomAssignment | null {
    const row = this.sql
      .exec<{ node_id: string; anchor: string; assigned_at: number }>("SELECT node_id, anchor, assigned_at FROM rooms WHERE id = ?", roomId)
      .toArray()[0];
    return row ? { roomId, nodeId: row.node_id, anchor: JSON.parse(row.anchor), assignedAt: row.assigned_at } : null;
  }

  put(a: RoomAssignment): void {
    this.sql.exec(
      `INSERT INTO rooms (id, node_id, anchor, assigned_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET node_id = excluded.node_id, anchor = excluded.anchor, assigned_at = excluded.assigned_at`,
      a.roomId, a.nodeId, JSON.stringify(a.anchor), a.assignedAt,
    );
  }
}
