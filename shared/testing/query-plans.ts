/**
 * For tests that pin which index a store query reads: a D1 binding that keeps every statement prepared on it
 * with the values bound to it, and SQLite's plan for one of them. Shared so each Worker's test asks the same way.
 */
export interface RecordedStatement {
  sql: string;
  params: unknown[];
}

/** `real`, keeping in `seen` each statement prepared on it (its values once bound). */
export function recordingD1(real: D1Database): { d1: D1Database; seen: RecordedStatement[] } {
  const seen: RecordedStatement[] = [];
  const passThrough = (target: object, prop: string | symbol) => {
    const value = Reflect.get(target, prop) as unknown;
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
  };
  const d1 = new Proxy(real, {
    get(target, prop) {
      if (prop !== "prepare") return passThrough(target, prop);
      return (query: string) => {
        const entry: RecordedStatement = { sql: query, params: [] };
        seen.push(entry);
        return new Proxy(target.prepare(query), {
          get(s, p) {
            if (p === "bind") return (...params: unknown[]) => ((entry.params = params), s.bind(...params));
            return passThrough(s, p);
          },
        });
      };
    },
  });
  return { d1, seen };
}

/** What SQLite plans for a recorded statement, step by step (EXPLAIN QUERY PLAN). */
export const queryPlan = async (d1: D1Database, q: RecordedStatement) =>
  (await d1.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).bind(...q.params).all<{ detail: string }>()).results.map((r) => r.detail);
