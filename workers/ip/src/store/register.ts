import { eq, inArray, sql } from "drizzle-orm";
import { ipMarks, ipRegisterVersion } from "../../../../shared/db/schema";
import { newId } from "../../../../shared/ids";
import { RegisterIndex, type RegisterMark } from "../domain/register-index";
import { isInForce } from "../domain/status";
import type { Db } from "./db";

/** One isolate's copy of the indexed register, the version it was built from, and when that version was last confirmed. */
let cached: { version: number; checkedAt: number; index: Promise<RegisterIndex> } | null = null;

/** How long an isolate trusts its register without asking D1 for the version: imports show everywhere within this. */
const VERSION_TTL_MS = 1000;

async function registerVersion(db: Db): Promise<number> {
  const [row] = await db.select({ version: ipRegisterVersion.version }).from(ipRegisterVersion).where(eq(ipRegisterVersion.id, 1));
  return row?.version ?? 0;
}

/** The version check in flight: calls that find the register due for one meanwhile wait for it instead of each asking D1. */
let checking: Promise<RegisterIndex> | null = null;

/**
 * The indexed register, loaded once per isolate and rebuilt only when an
 * import has bumped the version, which is checked at most once a second
 * (one read however many calls arrive while it runs).
 */
export function registerIndex(db: Db, now = Date.now()): Promise<RegisterIndex> {
  if (cached && now - cached.checkedAt < VERSION_TTL_MS) return cached.index;
  checking ??= checkVersion(db, now).finally(() => (checking = null));
  return checking;
}

async function checkVersion(db: Db, now: number): Promise<RegisterIndex> {
  const version = await registerVersion(db);
  if (cached?.version === version) {
    cached.checkedAt = now;
    return cached.index;
  }
  const index = db
    .select()
    .from(ipMarks)
    .then((rows) => new RegisterIndex(rows.filter((r) => isInForce(r.status))));
  const entry = { version, checkedAt: now, index };
  cached = entry;
  index.catch(() => cached === entry && (cached = null));
  return index;
}

export type MarkInput = Omit<RegisterMark, "id">;

/**
 * The time in ms as D1 sees it (migration 0030's view, which the catalog's versions read too). A bump moves the
 * version to it when that is more than one step: a D1 Time Travel restore takes the version back with the marks,
 * and a version issued after it must not be one an isolate already holds for the discarded register
 * (docs/d1-restore.md). Only imports more than one a millisecond run ahead of the clock.
 */
const clockMs = sql`(SELECT ms FROM catalog_version_clock)`;

/** D1 allows 100 bound parameters a statement: 9 columns a row leaves room for 11 rows. */
const ROWS_PER_INSERT = 11;
const KEYS_PER_SELECT = 90;

/**
 * Upserts marks by (jurisdiction, registration number) and bumps the register
 * version (`clockMs`), all in one batch (one transaction): an import lands whole or not at all.
 */
export async function importMarks(db: Db, items: readonly MarkInput[], now = new Date()): Promise<{ imported: number; updated: number }> {
  const unique = new Map(items.map((m) => [`${m.jurisdiction}\u0000${m.registrationNumber}`, m]));
  const numbers = [...new Set([...unique.values()].map((m) => m.registrationNumber))];
  const existing = new Set<string>();
  for (let i = 0; i < numbers.length; i += KEYS_PER_SELECT) {
    const rows = await db
      .select({ j: ipMarks.jurisdiction, n: ipMarks.registrationNumber })
      .from(ipMarks)
      .where(inArray(ipMarks.registrationNumber, numbers.slice(i, i + KEYS_PER_SELECT)));
    for (const r of rows) existing.add(`${r.j}\u0000${r.n}`);
  }
  const at = now.toISOString();
  const rows = [...unique.values()].map((m) => ({ id: newId("mrk", now.getTime()), ...m, updatedAt: at }));
  const statements = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    statements.push(
      db
        .insert(ipMarks)
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .onConflictDoUpdate({
          target: [ipMarks.jurisdiction, ipMarks.registrationNumber],
          set: {
            name: sql`excluded.name`,
            owner: sql`excluded.owner`,
            niceClasses: sql`excluded.nice_classes`,
            designations: sql`excluded.designations`,
            status: sql`excluded.status`,
            updatedAt: sql`excluded.updated_at`,
          },
        }),
    );
  }
  const bump = db
    .insert(ipRegisterVersion)
    .values({ id: 1, version: clockMs })
    .onConflictDoUpdate({ target: ipRegisterVersion.id, set: { version: sql`max(${ipRegisterVersion.version} + 1, ${clockMs})` } });
  await db.batch([bump, ...statements]);
  // This isolate sees its own import at once.
  cached = null;
  checking = null;

  const updated = [...unique.keys()].filter((k) => existing.has(k)).length;
  return { imported: unique.size - updated, updated };
}
