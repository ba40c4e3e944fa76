import type { NodeDefinition } from "../domain/nodes";
import type { Region } from "../domain/regions";
import { migrate, type Migration } from "./schema";

/**
 * Node definitions in the registry object's SQLite: written when an operator
 * registers, changes or removes a node (rarely), read once when the object
 * starts. Heartbeats never come here.
 */
export class NodeStore {
  /** The `nodes` table's versions (schema.ts); a registry made before versions already has the first. */
  static readonly MIGRATIONS: readonly Migration[] = [
    (sql) =>
      sql.exec(`CREATE TABLE IF NOT EXISTS nodes (
        id TEXT PRIMARY KEY, url TEXT NOT NULL, region TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
        capacity INTEGER NOT NULL, residency TEXT, updated_at INTEGER NOT NULL)`),
  ];

  private readonly sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    migrate(storage, "nodes", NodeStore.MIGRATIONS);
    this.sql = storage.sql;
  }

  all(): NodeDefinition[] {
    return this.sql
      .exec<{ id: string; url: string; region: string; lat: number; lon: number; capacity: number; residency: string | null }>(
        "SELECT id, url, region, lat, lon, capacity, residency FROM nodes",
      )
      .toArray()
      .map((r) => ({ ...r, region: r.region as Region }));
  }

  put(node: NodeDefinition, now: number): void {
    this.sql.exec(
      `INSERT INTO nodes (id, url, region, lat, lon, capacity, residency, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET url = excluded.url, region = excluded.region, lat = excluded.lat, lon = excluded.lon,
         capacity = excluded.capacity, residency = excluded.residency, updated_at = excluded.updated_at`,
      node.id, node.url, node.region, node.lat, node.lon, node.capacity, node.residency, now,
    );
  }

  delete(id: string): void {
    this.sql.exec("DELETE FROM nodes WHERE id = ?", id);
  }
}
