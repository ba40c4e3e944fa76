import type { RoomAssignment } from "../domain/rooms";

/** Room assignments: written when a room is placed or moved, read when a room is first asked about. */
export class RoomStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS rooms (
      id TEXT PRIMARY KEY, node_id TEXT NOT NULL, anchor TEXT NOT NULL, assigned_at INTEGER NOT NULL)`);
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
