import { drizzle } from "drizzle-orm/d1";

/** The payments Worker's drizzle handle on the platform database. */
export const db = (d1: D1Database) => drizzle(d1);
export type Db = ReturnType<typeof db>;
