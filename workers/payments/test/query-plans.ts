import { queryPlan, recordingD1, type RecordedStatement } from "../../../shared/testing/query-plans";
import { db } from "../src/store/db";
import { ENV } from "./helpers";

/** The payments store over a database that keeps every statement prepared on it (shared/testing/query-plans.ts). */
export function recording() {
  const { d1, seen } = recordingD1(ENV.DB);
  return { db: db(d1), seen };
}

/** What SQLite plans for a recorded statement. */
export const plan = (q: RecordedStatement) => queryPlan(ENV.DB, q);
