import type { LiveState } from "../domain/nodes";
import { migrate, type Migration } from "./schema";

/**
 * Nodes' last heartbeats in the registry object's SQLite, so a registry woken after an eviction or a deploy
 * offers the nodes that were live instead of none until each one's next heartbeat. Written behind: a
 * heartbeat is only noted, and the noted ones are written together, in one statement, at most every
 * `everyMs` (a node heartbeating faster is written at that rate), or at once when the caller says it must be
 * (`flush(now, true)`). A row is never newer than what the registry heard, only older: a node whose row is
 * older than the TTL is as silent to a restarted registry as it would be to this one.
 */
export class HeartbeatStore {
  /** The `heartbeats` table's versions (schema.ts). */
  static readonly MIGRATIONS: readonly Migration[] = [
    (sql) => sql.exec("CREATE TABLE IF NOT EXISTS heartbeats (node_id TEXT PRIMARY KEY, load REAL NOT NULL, healthy INTEGER NOT NULL, last_seen INTEGER NOT NULL)"),
  ];

  private readonly sql: SqlStorage;
  /** Each node's row as last read or written. */
  private readonly rows = new Map<string, LiveState>();
  /** Heartbeats newer than their node's row. */
  private readonly noted = new Map<string, LiveState>();
  private writtenAt = 0;

  constructor(
    storage: DurableObjectStorage,
    private readonly everyMs: number,
  ) {
    migrate(storage, "heartbeats", HeartbeatStore.MIGRATIONS);
    this.sql = storage.sql;
  }

  /** Every row, read once when the object starts. */
  all(): Map<string, LiveState> {
    for (const r of this.sql.exec<{ node_id: string; load: number; healthy: number; last_seen: number }>("SELECT node_id, load, healthy, last_seen FROM heartbeats")) {
      this.rows.set(r.node_id, { load: r.load, healthy: r.healthy === 1, lastSeen: r.last_seen });
    }
    return new Map(this.rows);
  }

  /** The node's heartbeat as storage holds it (a restarted registry would start from this). */
  stored(nodeId: string): LiveState | undefined {
    return this.rows.get(nodeId);
  }

  note(nodeId: string, live: LiveState): void {
    this.noted.set(nodeId, live);
  }

  /** Writes the noted heartbeats if `everyMs` has passed since the last write, or `urgent`. */
  flush(now: number, urgent: boolean): void {
    if (this.noted.size === 0 || (!urgent && now - this.writtenAt < this.everyMs)) return;
    // One statement for the lot: json_each takes any number of rows in a single binding.
    const rows = [...this.noted].map(([id, l]) => [id, l.load, l.healthy ? 1 : 0, l.lastSeen]);
    this.sql.exec(
      `INSERT INTO heartbeats (node_id, load, healthy, last_seen)
       SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') FROM json_each(?) WHERE true
       ON CONFLICT (node_id) DO UPDATE SET load = excluded.load, healthy = excluded.healthy, last_seen = excluded.last_seen`,
      JSON.stringify(rows),
    );
    for (const [id, live] of this.noted) this.rows.set(id, live);
    this.noted.clear();
    this.writtenAt = now;
  }

  delete(nodeId: string): void {
    this.noted.delete(nodeId);
    this.rows.delete(nodeId);
    this.sql.exec("DELETE FROM heartbeats WHERE node_id = ?", nodeId);
  }
}
