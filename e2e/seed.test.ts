import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { prepare } from "../scripts/lib/stack.mjs";
// @ts-expect-error plain ESM script without types
import { run, WRANGLER } from "../scripts/lib/workers.mjs";
// @ts-expect-error plain ESM script without types
import { MIGRATION, withBlock } from "../scripts/reference-data.mjs";

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

describe("local set-up", () => {
  it("migrates and seeds idempotently: preparing twice seeds nothing twice", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ecp-seed-"));
    try {
      await prepare(dir);
      const tables = ["tenants", "api_keys", "markets", "listings", "listing_translations", "ip_marks", "fx_rates"];
      const first = await counts(dir, tables);
      expect(first.every((n) => n > 0)).toBe(true);
      expect(first[tables.indexOf("listings")]).toBeGreaterThanOrEqual(200);
      await prepare(dir);
      expect(await counts(dir, tables)).toEqual(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Two preparations: wrangler applies the 28 migrations one by one (25 s of them on a quiet machine here).
  }, 150_000);

  it("ships the platform reference data in a migration generated from the seed's sources", () => {
    const sql = readFileSync(MIGRATION, "utf8");
    expect(sql === withBlock(sql), "run `node scripts/reference-data.mjs` and commit the migration").toBe(true);
  });

  it("a database with only the migrations (production) has reference data and no demo tenant", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ecp-prod-"));
    try {
      await run(WRANGLER, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", dir, "-c", "wrangler.toml"], { quiet: true });
      const [markets, fx, marks, tenants, listings] = await counts(dir, ["markets", "fx_rates", "ip_marks", "tenants", "listings"]);
      expect(markets).toBeGreaterThan(30);
      expect(fx).toBeGreaterThan(20);
      expect(marks).toBeGreaterThan(1000);
      expect([tenants, listings]).toEqual([0, 0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

