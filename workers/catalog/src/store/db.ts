import { drizzle } from "drizzle-orm/d1";
import type { BatchItem } from "drizzle-orm/batch";

/** The catalog's drizzle handle on the platform database. */
export const db = (d1: D1Database) => drizzle(d1);
export type Db = ReturnType<typeof db>;

/** Runs statements in one D1 transaction: all of them happen or none. */
export function atomically(database: Db, statements: BatchItem<"sqlite">[]) {
  const [first, ...rest] = statements;
  if (!first) return Promise.resolve([]);
  return database.batch([first, ...rest]);
}

/** Whether a failed write broke a UNIQUE constraint (D1 wraps the SQLite message; drizzle may wrap it again). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (/UNIQUE constraint failed/i.test(String((e as Error).message ?? e))) return true;
  }
  return false;
}
