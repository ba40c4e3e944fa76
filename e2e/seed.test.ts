import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { prepare } from "../scripts/lib/stack.mjs";
// @ts-expect-error plain ESM script without types
import { run, WRANGLER } from "../scripts/lib/workers.mjs";

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
  });
});
