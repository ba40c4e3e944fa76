import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { prepare } from "../scripts/lib/stack.mjs";
// @ts-expect-error plain ESM script without types
import { run, WRANGLER } from "../scripts/lib/workers.mjs";

async function count(persistTo: string, table: string): Promise<number> {
  const out: string = await run(
    WRANGLER,
    ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "-c", "wrangler.toml", "--json", "--command", `SELECT count(*) AS n FROM ${table}`],
    { quiet: true },
  );
  return JSON.parse(out.slice(out.indexOf("[")))[0].results[0].n;
}

describe("local set-up", () => {
  it("migrates and seeds idempotently: preparing twice seeds nothing twice", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ecp-seed-"));
    try {
      await prepare(dir);
      const tables = ["tenants", "api_keys"];
      const first = await Promise.all(tables.map((t) => count(dir, t)));
      expect(first.every((n) => n > 0)).toBe(true);
      await prepare(dir);
      expect(await Promise.all(tables.map((t) => count(dir, t)))).toEqual(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
