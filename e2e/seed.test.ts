import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
// @ts-expect-error plain ESM script without types
import { prepare } from "../scripts/lib/stack.mjs";
// @ts-expect-error plain ESM script without types
import { run, WRANGLER } from "../scripts/lib/workers.mjs";
// @ts-expect-error plain ESM script without types
import { MIGRATION, withBlock } from "../scripts/reference-data.mjs";

/**
 * Where to copy a state directory the moment its first `wrangler d1 migrations apply` returns: inside `prepare`,
 * after the migrations and before the demo seed, that copy is a database with only the migrations (production's).
 * Applying the 28 migrations is most of this file's time (wrangler runs them one by one), so the production case
 * reads this copy of the fresh preparation's own migration step instead of migrating a third directory.
 */
const snapshotAfterMigrations = vi.hoisted(() => new Map<string, string>());
vi.mock("../scripts/lib/workers.mjs", async (importOriginal) => {
  const real = await importOriginal<{ run: (cmd: string, args: string[], opts?: object) => Promise<string> }>();
  return {
    ...real,
    run: async (cmd: string, args: string[], opts?: object) => {
      const out = await real.run(cmd, args, opts);
      const dir = args[args.indexOf("--persist-to") + 1]!;
      const to = snapshotAfterMigrations.get(dir);
      if (to && args.slice(0, 3).join(" ") === "d1 migrations apply") {
        snapshotAfterMigrations.delete(dir);
        cpSync(dir, to, { recursive: true });
      }
      return out;
    },
  };
});

/** Row counts of the seeded tables, in one wrangler run (two at once would contend for the SQLite file). */
async function counts(persistTo: string, tables: string[]): Promise<number[]> {
  const select = tables.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(", ");
  const out: string = await run(
    WRANGLER,
    ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "-c", "wrangler.toml", "--json", "--command", `SELECT ${select}`],
    { quiet: true },
  );
  const row = JSON.parse(out.slice(out.indexOf("[")))[0].results[0] as Record<string, number>;
  return tables.map((t) => row[t]!);
}

const SEEDED = ["tenants", "api_keys", "markets", "listings", "listing_translations", "ip_marks", "fx_rates"];

describe("local set-up", () => {
  // One fresh directory prepared once (migrations, reference data, demo seed), and the copy of it taken between
  // its migrations and its seed (see snapshotAfterMigrations). The cases below only read them, except the
  // second preparation, which must change nothing.
  const fresh = mkdtempSync(path.join(os.tmpdir(), "ecp-seed-"));
  const migratedOnly = path.join(mkdtempSync(path.join(os.tmpdir(), "ecp-prod-")), "state");
  beforeAll(async () => {
    snapshotAfterMigrations.set(fresh, migratedOnly);
    await prepare(fresh);
  }, 150_000);
  afterAll(() => {
    for (const dir of [fresh, path.dirname(migratedOnly)]) rmSync(dir, { recursive: true, force: true });
  });

  it("migrates and seeds idempotently: preparing twice seeds nothing twice", async () => {
    const first = await counts(fresh, SEEDED);
    expect(first.every((n) => n > 0)).toBe(true);
    expect(first[SEEDED.indexOf("listings")]).toBeGreaterThanOrEqual(200);
    await prepare(fresh);
    expect(await counts(fresh, SEEDED)).toEqual(first);
    // The second preparation finds no migration pending (a few seconds); the first applied all 28 in beforeAll.
  }, 120_000);

  it("ships the platform reference data in a migration generated from the seed's sources", () => {
    const sql = readFileSync(MIGRATION, "utf8");
    expect(sql === withBlock(sql), "run `node scripts/reference-data.mjs` and commit the migration").toBe(true);
  });

  it("a database with only the migrations (production) has reference data and no demo tenant", async () => {
    // Copied as `wrangler d1 migrations apply` left the fresh directory, before prepare went on to seed it.
    expect(existsSync(migratedOnly), "prepare ran no `wrangler d1 migrations apply` on the fresh directory").toBe(true);
    const [markets, fx, marks, tenants, listings] = await counts(migratedOnly, ["markets", "fx_rates", "ip_marks", "tenants", "listings"]);
    expect(markets).toBeGreaterThan(30);
    expect(fx).toBeGreaterThan(20);
    expect(marks).toBeGreaterThan(1000);
    expect([tenants, listings]).toEqual([0, 0]);
  }, 120_000);
});
