import type { LiveState } from "../domain/nodes";
import { migrate, type Migration } from "./schema";

/** A node's stored heartbeat: id, load, healthy (1/0), last seen (ms). */
type Row = [nodeId: string, load: number, healthy: 0 | 1, lastSeen: number];

/**
 * Nodes' last heartbeats in the registry object's SQLite, so a registry woken after an eviction or a deploy
 * offers the nodes that were live instead of none until each one's next heartbeat. Written behind: a
 * heartbeat is only noted, and the registry's whole live state is written as ONE row (a JSON array, at most
 * MAX_NODES entries, ~45 bytes each) at most every `everyMs`, or at once when the caller says it must be
 * (`flush(now, true)`). One row a write, not one a node: rows written are billed, and a fleet of 5,000 nodes
 * beating every 5 s would be 1,000 row writes a second for state worthless after the TTL. A stored heartbeat
 * is never newer than what the registry heard, only older: a node whose stored one is older than the TTL is
 * as silent to a restarted registry as it would be to this one.
 */
export class HeartbeatStore {
  /** The store's versions (schema.ts): one row a node first, then the one snapshot row. */
  static readonly MIGRATIONS: readonly Migration[] = [
    (sql) => sql.exec("CREATE TABLE IF NOT EXISTS heartbeats (node_id TEXT PRIMARY KEY, load REAL NOT NULL, healthy INTEGER NOT NULL, last_seen INTEGER NOT NULL)"),
    (sql) => {
      sql.exec("CREATE TABLE heartbeat_state (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL)");
      sql.exec("INSERT INTO heartbeat_state (id, state) SELECT 1, coalesce(json_group_array(json_array(node_id, load, healthy, last_seen)), '[]') FROM heartbeats");
      sql.exec("DROP TABLE heartbeats");
    },
  ];

  private readonly sql: SqlStorage;
  /** Each node's heartbeat as last read or written. */
  private readonly rows = new Map<string, LiveState>();
  /** Heartbeats newer than their node's stored one. */
  private readonly noted = new Map<string, LiveState>();
  private writtenAt = 0;

  constructor(
    storage: DurableObjectStorage,
    private readonly everyMs: number,
  ) {
    migrate(storage, "heartbeats", HeartbeatStore.MIGRATIONS);
    this.sql = storage.sql;
  }

  /** Every stored heartbeat, read once when the object starts. */
  all(): Map<string, LiveState> {
    const [row] = this.sql.exec<{ state: string }>("SELECT state FROM heartbeat_state WHERE id = 1").toArray();
    for (const [id, load, healthy, lastSeen] of JSON.parse(row?.state ?? "[]") as Row[]) this.rows.set(id, { load, healthy: healthy === 1, lastSeen });
    return new Map(this.rows);
  }

  /** The node's heartbeat as storage holds it (a restarted registry would start from this). */
  stored(nodeId: string): LiveState | undefined {
    return this.rows.get(nodeId);
  }

  note(nodeId: string, live: LiveState): void {
    this.noted.set(nodeId, live);
  }

  /** Writes the live state if a heartbeat was noted and `everyMs` has passed since the last write, or `urgent`. */
  flush(now: number, urgent: boolean): void {
    if (this.noted.size === 0 || (!urgent && now - this.writtenAt < this.everyMs)) return;
    for (const [id, live] of this.noted) this.rows.set(id, live);
    this.noted.clear();
    this.write();
    this.writtenAt = now;
  }

  delete(nodeId: string): void {
    this.noted.delete(nodeId);
    if (this.rows.delete(nodeId)) this.write();
  }

  private write(): void {
    const rows: Row[] = [...this.rows].map(([id, l]) => [id, l.load, l.healthy ? 1 : 0, l.lastSeen]);
    this.sql.exec("INSERT INTO heartbeat_state (id, state) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state", JSON.stringify(rows));
  }
}
