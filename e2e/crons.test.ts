import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parse } from "smol-toml";
// @ts-expect-error plain ESM script without types
import { cronJobs, fireOnStack, nextFire, startCrons } from "../scripts/lib/crons.mjs";
// @ts-expect-error plain ESM script without types
import { localGatewayFlags } from "../scripts/lib/stack.mjs";
import { DEMO, api, base, expectProblem, newTenant } from "./helpers";

type Job = { worker: string; cron: string };
type Fired = { status: number; detail: string };
const ROOT = path.resolve(import.meta.dirname, "..");

afterEach(() => {
  vi.useRealTimers();
});

describe("the local stack's cron schedule", () => {
  it("is each Worker's own [triggers] crons from its wrangler config (the top level wrangler dev runs)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ecp-crons-"));
    const config = path.join(dir, "wrangler.toml");
    writeFileSync(config, 'name = "x"\n[triggers]\ncrons = ["0 3 * * MON", "*/5 * * * *"]\n[env.production.triggers]\ncrons = ["0 0 1 * *"]\n');
    const bare = path.join(dir, "bare.toml");
    writeFileSync(bare, 'name = "y"\n');
    expect(cronJobs([{ name: "x", config }, { name: "y", config: bare }])).toEqual([
      { worker: "x", cron: "0 3 * * MON" },
      { worker: "x", cron: "*/5 * * * *" },
    ]);
    // The platform's: whatever the payments, ip and catalog configs say today (every minute, every 10 and 30 minutes).
    const own = (file: string) => (parse(readFileSync(path.join(ROOT, file), "utf8")) as { triggers?: { crons?: string[] } }).triggers?.crons ?? [];
    const platform = [
      ...own("workers/payments/wrangler.toml").map((cron) => ({ worker: "payments", cron })),
      ...own("workers/ip/wrangler.toml").map((cron) => ({ worker: "ip", cron })),
      ...own("workers/catalog/wrangler.toml").map((cron) => ({ worker: "catalog", cron })),
    ];
    expect(platform.length).toBeGreaterThanOrEqual(3);
    expect(cronJobs()).toEqual(expect.arrayContaining(platform));
  });

  it("reads an expression in UTC, as Cloudflare does, and refuses a bad one", () => {
    const at = new Date("2026-03-29T00:59:30Z"); // the night Europe moves its clocks: UTC does not care
    expect(nextFire("* * * * *", at).toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(nextFire("*/10 * * * *", new Date("2026-03-29T01:00:00Z")).toISOString()).toBe("2026-03-29T01:10:00.000Z");
    expect(nextFire("0 3 * * MON", at).toISOString()).toBe("2026-03-30T03:00:00.000Z");
    expect(nextFire("0 0 L * *", at).toISOString()).toBe("2026-03-31T00:00:00.000Z");
    expect(() => nextFire("61 * * * *", at)).toThrow();
    expect(() => startCrons(base(), { jobs: [{ worker: "payments", cron: "every minute" }], fire: async () => ({ status: 200, detail: "" }) })).toThrow();
  });

  it("fires each job at its slots, once after a sleep that missed many, and not after stop()", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:30Z") });
    const fired: string[] = [];
    const fire = async (job: Job, at: Date): Promise<Fired> => (fired.push(`${job.worker} ${at.toISOString()}`), { status: 200, detail: "ok" });
    const crons = startCrons(base(), { jobs: [{ worker: "payments", cron: "* * * * *" }, { worker: "ip", cron: "*/10 * * * *" }], fire });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fired).toEqual(["payments 2026-01-01T00:01:00.000Z"]);
    await vi.advanceTimersByTimeAsync(9 * 60_000);
    expect(fired.filter((f) => f.startsWith("payments"))).toHaveLength(10);
    expect(fired.filter((f) => f.startsWith("ip"))).toEqual(["ip 2026-01-01T00:10:00.000Z"]);
    // The machine sleeps three hours (its timers fire late, not at the time they were due): on waking each job
    // fires once, for the slot it was waiting for, then goes on from now.
    fired.length = 0;
    vi.setSystemTime(new Date("2026-01-01T03:10:30Z"));
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    const after = Array.from({ length: 9 }, (_, i) => `payments 2026-01-01T03:${12 + i}:00.000Z`);
    expect(fired).toEqual(["payments 2026-01-01T00:11:00.000Z", ...after, "ip 2026-01-01T00:20:00.000Z"]);
    crons.stop();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(fired).toHaveLength(11);
  });

  it("reports a failed run and goes on; drops a Worker the gateway cannot reach, saying so once", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:59Z") });
    const logged: string[] = [];
    const answers: Record<string, Fired> = { payments: { status: 502, detail: "scheduled_failed" }, storefront: { status: 404, detail: "route_not_found" } };
    const calls: string[] = [];
    const fire = async (job: Job): Promise<Fired> => (calls.push(job.worker), answers[job.worker]!);
    const crons = startCrons(base(), { jobs: [{ worker: "payments", cron: "* * * * *" }, { worker: "storefront", cron: "* * * * *" }], fire, log: (l: string) => logged.push(l) });
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    crons.stop();
    expect(calls.filter((w) => w === "payments")).toHaveLength(3);
    expect(calls.filter((w) => w === "storefront")).toHaveLength(1);
    expect(logged.filter((l) => l.includes("payments"))).toHaveLength(3);
    expect(logged.filter((l) => l.includes("storefront"))).toEqual([expect.stringMatching(/no route to storefront.*not fired again/)]);
  });
});

type Intent = { id: string; status: string; lastError: string | null; route: { trace: string[] } };
const simulator = (json?: unknown) => api(`/v1/admin/payments/simulator${json ? "" : "/reset"}`, { method: json ? "PUT" : "POST", key: DEMO.admin, json });

describe("crons on the running stack", () => {
  it("keeps the gateway's own compatibility flags and adds the one that lets a binding deliver scheduled events", () => {
    const own = (parse(readFileSync(path.join(ROOT, "wrangler.toml"), "utf8")) as { compatibility_flags?: string[] }).compatibility_flags ?? [];
    expect(localGatewayFlags()).toEqual([...own, "service_binding_extra_handlers"]);
  });

  it("runs a service's real scheduled handler through the gateway's local route, only for the admin", async () => {
    for (const { worker, cron } of cronJobs() as Job[]) {
      expect(await fireOnStack(base(), DEMO.admin, { worker, cron }, new Date())).toEqual({ status: 200, detail: expect.stringContaining('"outcome":"ok"') });
    }
    await expectProblem(await api("/v1/admin/local/scheduled/payments", { method: "POST", key: DEMO.secret }), 401);
    await expectProblem(await api("/v1/admin/local/scheduled/storefront", { method: "POST", key: DEMO.admin }), 404);
  });

  it("a tick settles a payment left in processing: the payments Worker's reconciliation ran, as every minute in production", async () => {
    const { keys } = await newTenant();
    expect((await simulator()).status).toBe(200);
    const routing = await api("/v1/payments/routing", { method: "PUT", key: keys.secret, json: { rules: [{ match: { countries: ["NL"] }, route: { type: "chain", providers: ["stripe"] } }] } });
    expect(routing.status).toBe(200);
    // Stripe charges, then answers 500 and replays that 500 for the key: the confirm cannot know, and stops in processing.
    expect((await simulator({ stripe: { mode: "server_error" } })).status).toBe(200);
    const created = (await (await api("/v1/payments/intents", { method: "POST", key: keys.secret, headers: { "idempotency-key": crypto.randomUUID() }, json: { amount: 2500, currency: "EUR", country: "NL", method: "ideal" } })).json()) as Intent;
    // iDEAL sends the buyer to their bank: the confirm names where the bank sends them back, as a storefront's does.
    const confirmed = (await (await api(`/v1/payments/intents/${created.id}/confirm`, { method: "POST", key: keys.secret, json: { returnUrl: "https://shop.example/checkout/done" } })).json()) as Intent;
    expect(confirmed.status).toBe("processing");
    expect((await simulator()).status).toBe(200);

    // The e2e stack runs no crons of its own: this scheduler, every second, is the only thing that can settle it
    // (once the intent is RECONCILE_AFTER_MS, 10 s locally, without a move).
    const crons = startCrons(base(), { jobs: [{ worker: "payments", cron: "* * * * * *" }] });
    let now = confirmed;
    try {
      const deadline = Date.now() + 45_000;
      while (now.status === "processing" && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1000));
        now = (await (await api(`/v1/payments/intents/${created.id}`, { key: keys.secret })).json()) as Intent;
      }
    } finally {
      crons.stop();
    }
    expect(now.status).toBe("succeeded");
    expect(now.route.trace.at(-1)).toMatch(/^reconcile: /);
  }, 60_000);
});
