import { sql, type Placeholder } from "drizzle-orm";
import type { Db } from "./db";

/**
 * How a statement's builder names a value. Drizzle takes a plain value
 * wherever it takes a placeholder, so one builder serves both uses.
 */
export type Arg = (name: string) => Placeholder;

/**
 * A read as its shape and its values. Building and compiling a drizzle select
 * cost more CPU than SQLite took to run the page (measured), so each shape is
 * built once per D1 binding and isolate (`sql.placeholder` for every value)
 * and a request only binds its values.
 */
export interface ShapedRead<Q> {
  /** Everything the SQL text depends on: two reads with one shape differ only in `values`. */
  shape: string;
  values: Record<string, unknown>;
  build: (database: Db, arg: Arg) => Q;
}

interface Preparable<R> {
  prepare(): { all(values: Record<string, unknown>): Promise<R> };
}

// Keyed by the binding, not the per-request drizzle handle: a prepared statement is the binding's.
const preparedBy = new WeakMap<D1Database, Map<string, { all(values: Record<string, unknown>): Promise<unknown> }>>();

/** Runs a read through its shape's prepared statement (prepared on first use). */
export function runPrepared<R>(database: Db, read: ShapedRead<Preparable<R>>): Promise<R> {
  let byShape = preparedBy.get(database.$client);
  if (!byShape) preparedBy.set(database.$client, (byShape = new Map()));
  let statement = byShape.get(read.shape);
  if (!statement) byShape.set(read.shape, (statement = read.build(database, (name) => sql.placeholder(name)).prepare()));
  return statement.all(read.values) as Promise<R>;
}

/** The read as a statement with its values inline, for a `batch` (drizzle's batch does not fill placeholders). */
export const inlined = <Q>(database: Db, read: ShapedRead<Q>): Q => read.build(database, (name) => read.values[name] as Placeholder);
