import { env } from "cloudflare:workers";
import { queryPlan, recordingD1, type RecordedStatement } from "../../../shared/testing/query-plans";
import { db } from "../src/store/db";

const DB = () => (env as Env).DB;

/** The IP store over a database that keeps every statement prepared on it (shared/testing/query-plans.ts). */
export function recording() {
  const { d1, seen } = recordingD1(DB());
  return { db: db(d1), seen };
}

/** What SQLite plans for a recorded statement. */
export const plan = (q: RecordedStatement) => queryPlan(DB(), q);
