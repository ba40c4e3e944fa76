import { drizzle } from "drizzle-orm/d1";
import type { BatchItem } from "drizzle-orm/batch";

const handles = new WeakMap<D1Database, ReturnType<typeof drizzle>>();

/** The catalog's drizzle handle on the platform database: one per binding, since it holds no request's state. */
export function db(d1: D1Database) {
  let handle = handles.get(d1);
  if (!handle) handles.set(d1, (handle = drizzle(d1)));
  return handle;
}
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
