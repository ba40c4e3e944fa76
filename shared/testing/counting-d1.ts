/**
 * A D1 binding that counts round trips: each `first`/`all`/`raw`/`run` of a
 * statement is one, and so is each `batch` (however many statements it holds).
 * Statements handed to `batch` are unwrapped first, so D1 sees its own objects.
 */
export interface CountingD1 {
  db: D1Database;
  /** One entry per round trip: the SQL, or `batch[n]: sql; sql…`. */
  trips: string[];
  reset(): void;
}

const RUNS = new Set(["first", "all", "raw", "run"]);

export function countingD1(real: D1Database): CountingD1 {
  const trips: string[] = [];
  const unwrap = new WeakMap<object, D1PreparedStatement>();
  const sqlOf = new WeakMap<object, string>();

  const wrap = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        if (prop === "bind") return (...args: unknown[]) => wrap(target.bind(...args), sql);
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof prop === "string" && RUNS.has(prop) && typeof value === "function") {
          return (...args: unknown[]) => {
            trips.push(sql);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    unwrap.set(proxy, stmt);
    sqlOf.set(proxy, sql);
    return proxy;
  };

  const db = new Proxy(real, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql), sql);
      if (prop === "batch") {
        return (stmts: D1PreparedStatement[]) => {
          trips.push(`batch[${stmts.length}]: ${stmts.map((s) => sqlOf.get(s) ?? "?").join("; ")}`);
          return target.batch(stmts.map((s) => unwrap.get(s) ?? s));
        };
      }
      if (prop === "exec") {
        return (sql: string) => {
          trips.push(sql);
          return target.exec(sql);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db, trips, reset: () => void trips.splice(0) };
}
