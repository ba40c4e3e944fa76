import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { deployOrder, environmentConfig, readConfigs } from "../scripts/lib/deploy-plan.mjs";

type Config = { name: string; raw: { name: string; services?: { binding: string; service: string }[] } };
type Step = { worker: string; omit: string[]; bootstrap?: boolean };
const ROOT = path.resolve(import.meta.dirname, "..");

/** Replays a plan against the binding graph: every binding's target must exist when a Worker deploys with it. */
function checkOrder(configs: Config[], steps: Step[]) {
  const byService = new Map(configs.map((c) => [c.raw.name, c.name]));
  const deployed = new Set<string>();
  for (const step of steps) {
    const c = configs.find((x) => x.name === step.worker)!;
    for (const s of c.raw.services ?? []) {
      const target = byService.get(s.service);
      if (!target || step.omit.includes(s.binding)) continue;
      expect(deployed.has(target), `${step.worker} binds ${target} before it exists`).toBe(true);
    }
    deployed.add(step.worker);
  }
  // Every Worker ends up deployed in full.
  for (const c of configs) expect(steps.some((s) => s.worker === c.name && s.omit.length === 0), c.name).toBe(true);
}

describe("npm run deploy", () => {
  it("orders the Workers so every service binding's target exists, breaking the catalog ↔ ip and storefront ↔ gateway cycles", () => {
    const configs = readConfigs() as Config[];
    const steps = deployOrder(configs) as Step[];
    checkOrder(configs, steps);
    // One bootstrap pass per cycle: the storefront goes first without its API binding to the gateway.
    expect(steps.filter((s) => s.bootstrap).map((s) => [s.worker, s.omit])).toEqual([["catalog", ["IP"]], ["storefront", ["API"]]]);
    expect(steps.at(-1)!.omit).toEqual([]);
  });

  it("resolves a cycle of three and a chain alike", () => {
    const mk = (name: string, targets: string[]): Config => ({ name, raw: { name: `x-${name}`, services: targets.map((t) => ({ binding: t.toUpperCase(), service: `x-${t}` })) } });
    const cycle = [mk("a", ["b"]), mk("b", ["c"]), mk("c", ["a"]), mk("d", ["a", "c"])];
    checkOrder(cycle, deployOrder(cycle));
    const chain = [mk("a", ["b"]), mk("b", ["c"]), mk("c", [])];
    const steps = deployOrder(chain) as Step[];
    expect(steps.map((s) => s.worker)).toEqual(["c", "b", "a"]);
  });

  it("gives a second environment its own names, database and buckets", () => {
    const ip = (readConfigs() as (Config & { raw: Record<string, unknown> })[]).find((c) => c.name === "ip")!;
    const cfg = environmentConfig(ip.raw, "staging", { databaseId: "db-staging-id" });
    expect(cfg.name).toBe("ecp-ip-staging");
    expect(cfg.d1_databases).toEqual([expect.objectContaining({ database_name: "ecp-staging", database_id: "db-staging-id" })]);
    expect(cfg.r2_buckets[0].bucket_name).toBe("ecp-evidence-staging");
    for (const s of cfg.services) expect(s.service).toMatch(/-staging$/);
  });

  it("takes a config's production section with wrangler's rule: its bindings and vars alone, never the local simulator", () => {
    const configs = readConfigs() as (Config & { raw: Record<string, unknown> })[];
    expect(configs.map((c) => c.name)).not.toContain("provider-sim");
    const payments = environmentConfig(configs.find((c) => c.name === "payments")!.raw, "production", { databaseId: "db-id" });
    expect(payments.name).toBe("ecp-payments");
    expect(payments.services).toBeUndefined();
    expect(payments.vars.PROVIDER_TRANSPORT).toBe("internet");
    expect(payments.vars.STRIPE_SECRET_KEY).toBeUndefined();
    expect(payments.d1_databases[0].database_id).toBe("db-id");
  });

  it("prints every step of a dry run and bundles every Worker without network", async () => {
    const { stdout } = await promisify(execFile)("node", ["scripts/deploy.mjs", "--dry-run", "--env", "staging"], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CLOUDFLARE_API_TOKEN: "" },
    });
    const plan = JSON.parse(readFileSync(path.join(ROOT, "dist/deploy/staging/plan.json"), "utf8")) as { commands: string[]; steps: Step[] };
    expect(plan.commands).toContain("wrangler d1 migrations apply DB --remote -c " + path.join(ROOT, ".deploy.staging.wrangler.json"));
    expect(plan.commands.some((c) => c.startsWith("wrangler r2 bucket create ecp-evidence-staging"))).toBe(true);
    for (const step of plan.steps) expect(stdout).toContain(`deploy ecp-${step.worker}-staging`);
    expect(stdout).toContain("nothing was sent to Cloudflare");
  }, 180_000);
});
