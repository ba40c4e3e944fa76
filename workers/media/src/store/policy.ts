import type { ResidencyPolicy } from "../domain/residency";
import { migrate, type Migration } from "./schema";

/** The tenant's residency policy, one row; absent means the default policy. */
export class PolicyStore {
  /** The `policy` table's versions (schema.ts); a registry made before versions already has the first. */
  static readonly MIGRATIONS: readonly Migration[] = [
    (sql) => sql.exec("CREATE TABLE IF NOT EXISTS policy (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL, updated_at INTEGER NOT NULL)"),
  ];

  private readonly sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    migrate(storage, "policy", PolicyStore.MIGRATIONS);
    this.sql = storage.sql;
  }

  get(): ResidencyPolicy | null {
    const row = this.sql.exec<{ body: string }>("SELECT body FROM policy WHERE id = 1").toArray()[0];
    return row ? (JSON.parse(row.body) as ResidencyPolicy) : null;
  }

  put(policy: ResidencyPolicy, now: number): void {
    this.sql.exec(
      "INSERT INTO policy (id, body, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
      JSON.stringify(policy), now,
    );
  }
}
