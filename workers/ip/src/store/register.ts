import { eq, inArray, sql, type SQL } from "drizzle-orm";
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

/**
 * The most marks the register may hold: every isolate loads all of them and indexes them in memory (128 MB an
 * isolate). Measured roughly (Node 20 heap, distinct 1–3 word names) at 1.2 KB a mark, the rows ~0.55 KB and the
 * index ~0.65 KB: 20,000 marks are ~25 MB, which leaves room for D1's copy of the rows while loading and for the
 * requests themselves. Building the index costs ~0.1–0.2 ms of CPU a mark, once per register version.
 */
export const MAX_REGISTER_MARKS = 20_000;

/** An import refused because the register would pass `MAX_REGISTER_MARKS`: how many it holds and how many the import adds. */
export interface RegisterFull {
  full: { cap: number; holds: number; adding: number };
}

const markCount = sql<number>`(SELECT count(*) FROM ${ipMarks})`;

/** D1 allows 100 bound parameters a statement: 9 columns a row leaves room for 11 rows. */
const ROWS_PER_INSERT = 11;
const KEYS_PER_SELECT = 90;

/**
 * Upserts marks by (jurisdiction, registration number) and bumps the register
 * version (`clockMs`), all in one batch (one transaction): an import lands whole or not at all.
 * An import that would take the register past `cap` marks lands not at all (`RegisterFull`).
 */
export async function importMarks(db: Db, items: readonly MarkInput[], now = new Date(), cap = MAX_REGISTER_MARKS): Promise<{ imported: number; updated: number } | RegisterFull> {
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
  const adding = unique.size - [...unique.keys()].filter((k) => existing.has(k)).length;
  const holds = async () => db.$count(ipMarks);
  const before = await holds();
  // Updates of held marks always land: they do not grow the index (and a register past a lowered cap stays updatable).
  if (adding > 0 && before + adding > cap) return { full: { cap, holds: before, adding } };
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
  // Last in the batch, after the rows: NULL (refused by the NOT NULL column, so nothing lands) when a concurrent import filled the register meanwhile.
  const withinCap = (v: SQL) => sql`CASE WHEN ${markCount} <= ${Math.max(cap, before)} THEN ${v} END`;
  const bump = db
    .insert(ipRegisterVersion)
    .values({ id: 1, version: withinCap(clockMs) })
    .onConflictDoUpdate({ target: ipRegisterVersion.id, set: { version: withinCap(sql`max(${ipRegisterVersion.version} + 1, ${clockMs})`) } });
  try {
    const [first, ...rest] = statements;
    await (first ? db.batch([first, ...rest, bump]) : db.batch([bump]));
  } catch (err) {
    const after = await holds().catch(() => null);
    if (after !== null && adding > 0 && after + adding > cap) return { full: { cap, holds: after, adding } };
    throw err;
  }
  // This isolate sees its own import at once.
  cached = null;
  checking = null;

  return { imported: adding, updated: unique.size - adding };
}
