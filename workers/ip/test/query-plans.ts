import { env } from "cloudflare:workers";
import { db } from "../src/store/db";

// Tests that pin which index a store query reads record its statements and ask SQLite for their plans.

const DB = () => (env as Env).DB;

/** The database, keeping every statement prepared on it with the values bound to it. */
export function recording() {
  const seen: { sql: string; params: unknown[] }[] = [];
  const d1 = new Proxy(DB(), {
    get(target, prop) {
      if (prop === "prepare") {
        return (query: string) => {
          const entry = { sql: query, params: [] as unknown[] };
          seen.push(entry);
          const stmt = target.prepare(query);
          return new Proxy(stmt, {
            get(s, p) {
              if (p === "bind") return (...params: unknown[]) => ((entry.params = params), s.bind(...params));
              const value = Reflect.get(s, p) as unknown;
              return typeof value === "function" ? value.bind(s) : value;
            },
          });
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: db(d1), seen };
}

/** What SQLite plans for a recorded statement, step by step (EXPLAIN QUERY PLAN). */
export const plan = async (q: { sql: string; params: unknown[] }) =>
  (await DB().prepare(`EXPLAIN QUERY PLAN ${q.sql}`).bind(...q.params).all<{ detail: string }>()).results.map((r) => r.detail);
