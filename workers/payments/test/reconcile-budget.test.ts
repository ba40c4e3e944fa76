import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../src/index";
import type { Connector, ModResult } from "../src/connectors/types";
import type { ProviderName } from "../src/domain/methods-data";
import { stripeConnector } from "../src/connectors/stripe";
import { callBudget, type CallBudget } from "../src/service/call-budget";
import { depsOf, iso, type Deps } from "../src/service/deps";
import { reconcileModifications, reconcileRefunds, reconcileStuck, type ReconcileOptions } from "../src/service/reconcile";
import { captureIntent, refundIntent } from "../src/service/settle";
import { beginAttempt, findIntent, moveIntent } from "../src/store/intents";
import { ENV, call, confirm, createIntent, json, newTenantId, resetSim, type Intent } from "./helpers";
import { refundListing } from "./provider-calls";

// One cron run's provider calls: a Worker may make only so many subrequests, so every reconciler of a run
// draws on one budget, and what finds it spent waits for the next run, keeping its place.

const DAY = 24 * 60 * 60 * 1000;
const lost: ModResult = { ok: false, code: "timeout", message: "no answer in time", failure: "unknown" };

/** Deps that count every call to a provider; refunds, captures and cancels past their key window must not be sent. */
function counting(d: Deps = depsOf(ENV)) {
  const counter = { calls: 0 };
  const count = (c: Connector): Connector =>
    new Proxy(c, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === "function" ? (...args: unknown[]) => (counter.calls++, (value as (...a: unknown[]) => unknown).apply(target, args)) : value;
      },
    });
  const connectors = Object.fromEntries(Object.entries(d.connectors).map(([p, c]) => [p, count(c)])) as Record<ProviderName, Connector>;
  return { deps: { ...d, connectors }, counter };
}

/** Deps whose Stripe `method` answers `lost` without reaching Stripe. */
const unreachable = (method: "refund" | "capture"): Deps => {
  const d = depsOf(ENV);
  return { ...d, connectors: { ...d.connectors, stripe: { ...d.connectors.stripe, [method]: async () => lost } } };
};

async function stripeTenant() {
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "stripe" } }] } }), 200);
  return tenant;
}

/** A confirm that recorded attempt 1 at Stripe two minutes ago and died before calling it: one charge call settles it. */
async function stuckIntent(tenant: string) {
  const d = depsOf(ENV);
  const created = await createIntent(tenant);
  const claimed = (await moveIntent(d.db, created.id, ["requires_confirmation"], { status: "processing" }, { tenantId: tenant, now: iso(Date.now() - 120_000) }))!;
  const attempt = { intentId: created.id, attemptNo: 1, tenantId: tenant, provider: "stripe", idempotencyKey: `${created.id}:1`, status: "pending" as const, createdAt: iso(Date.now() - 120_000) };
  expect(await beginAttempt(d.db, attempt, claimed.version)).toBe(true);
  return created.id;
}

/** A refund Stripe never received, two days old: one read a run, which finds nothing, so it stays pending. */
async function lostRefund(tenant: string, intentId: string, n: number) {
  const r = await refundIntent(unreachable("refund"), tenant, intentId, `lost-${n}`, 100);
  await ENV.DB.prepare("UPDATE payment_refunds SET created_at = ? WHERE id = ?").bind(iso(Date.now() - 2 * DAY - n * 1000), r.id).run();
  return r.id;
}

/** A capture Stripe never received, two days old: one read settles it (the charge is still capturable: let go). */
async function lostCapture(tenant: string) {
  const intent = await createIntent(tenant, { captureMethod: "manual" });
  expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("requires_capture");
  expect(await captureIntent(unreachable("capture"), tenant, intent.id, 1000)).toEqual({ pending: true });
  await ENV.DB.prepare("UPDATE payment_intents SET pending_since = ? WHERE id = ?").bind(iso(Date.now() - 2 * DAY), intent.id).run();
  return intent.id;
}

async function chargedIntent(tenant: string) {
  const intent = await createIntent(tenant);
  expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("succeeded");
  return intent.id;
}

beforeEach(async () => {
  await resetSim();
});

describe("one budget of provider calls a run", () => {
  it("refunds beyond it wait for the next run, first in line there", async () => {
    const tenant = await stripeTenant();
    const charged = await chargedIntent(tenant);
    const [a, b, c] = [await lostRefund(tenant, charged, 3), await lostRefund(tenant, charged, 2), await lostRefund(tenant, charged, 1)];
    const { deps, counter } = counting();
    const run = (opts: Partial<ReconcileOptions>) => reconcileRefunds(deps, { olderThanMs: 0, limit: 10, tenantId: tenant, ...opts });
    expect(await run({ budget: callBudget(2) })).toEqual([{ id: a, outcome: "held" }, { id: b, outcome: "held" }, { id: c, outcome: "deferred" }]);
    expect(counter.calls).toBe(2);
    // The one that got no call was not looked at: it keeps its place ahead of those that were.
    expect(await run({ limit: 1 })).toEqual([{ id: c, outcome: "held" }]);
    // When it was looked at is reconciliation's own note: the API does not show it.
    const shown = await json<{ refunds: object[] }>(await call(`/v1/payments/intents/${charged}`, { tenant }), 200);
    expect(shown.refunds.map((r) => Object.keys(r).filter((k) => /checked/i.test(k)))).toEqual([[], [], []]);
  });

  it("the three reconcilers of a run share it: never more calls than it holds, and every item that got none is taken next run", async () => {
    const tenant = await stripeTenant();
    const charged = await chargedIntent(tenant);
    const stuck = [await stuckIntent(tenant), await stuckIntent(tenant), await stuckIntent(tenant)];
    const refunds = [await lostRefund(tenant, charged, 3), await lostRefund(tenant, charged, 2), await lostRefund(tenant, charged, 1)];
    const captures = [await lostCapture(tenant), await lostCapture(tenant), await lostCapture(tenant)];
    // Each of the nine costs one call (a stuck intent may cost two: one is taken for it up front, then given back).
    const { deps, counter } = counting();
    const budget = callBudget(5);
    const opts = { olderThanMs: 0, limit: 10, tenantId: tenant, budget };
    const first = await Promise.all([reconcileStuck(deps, opts), reconcileRefunds(deps, opts), reconcileModifications(deps, opts)]);
    expect(counter.calls).toBeLessThanOrEqual(5);
    expect(budget.left).toBe(5 - counter.calls);
    const deferred = first.map((items) => items.filter((i) => i.outcome === "deferred").map((i) => i.id));
    expect(deferred.flat()).toHaveLength(9 - counter.calls);

    // The next run, with calls to spare, takes every one that waited, refunds that waited ahead of those read.
    const [stuckNext, refundsNext, capturesNext] = await Promise.all([
      reconcileStuck(deps, { ...opts, budget: callBudget(40) }),
      reconcileRefunds(deps, { ...opts, budget: callBudget(40) }),
      reconcileModifications(deps, { ...opts, budget: callBudget(40) }),
    ]);
    expect(stuckNext.map((r) => [r.id, r.outcome])).toEqual(deferred[0]!.map((id) => [id, "settled"]));
    expect(refundsNext.map((r) => r.id)).toEqual([...deferred[1]!, ...refunds.filter((id) => !deferred[1]!.includes(id))]);
    expect(capturesNext.map((r) => [r.id, r.outcome])).toEqual(deferred[2]!.map((id) => [id, "released"]));
    for (const id of stuck) expect((await findIntent(deps.db, tenant, id))!.status).toBe("succeeded");
    for (const id of captures) expect((await findIntent(deps.db, tenant, id))!.pendingAction).toBeNull();
  });

  it("the cron run draws on RECONCILE_CALL_BUDGET: it calls the providers no more often than that", async () => {
    const tenant = await stripeTenant();
    const stuck = [await stuckIntent(tenant), await stuckIntent(tenant), await stuckIntent(tenant), await stuckIntent(tenant)];
    let calls = 0;
    const sim = ENV.PROVIDER_SIM!;
    const countingSim = { fetch: (input: RequestInfo, init?: RequestInit) => (calls++, sim.fetch(input, init)) } as unknown as Fetcher;
    const env = { ...ENV, PROVIDER_SIM: countingSim, RECONCILE_CALL_BUDGET: "2" } as unknown as Env;
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(2);
    // Those it left are settled by a later run.
    await reconcileStuck(depsOf(ENV), { olderThanMs: 0, limit: 10, tenantId: tenant });
    for (const id of stuck) expect((await findIntent(depsOf(ENV).db, tenant, id))!.status).toBe("succeeded");
  });

  it("a Stripe refund read that pages on takes each further page from the budget, and stops, unknown, when it is spent", async () => {
    const tenant = await stripeTenant();
    const charged = await chargedIntent(tenant);
    const id = await lostRefund(tenant, charged, 1);
    // Stripe lists 250 refunds on the charge, ours the 231st: three pages.
    const { fetch, asked } = refundListing(250, 230, id);
    const listing = stripeConnector({ baseUrl: "https://stripe.test", secret: "sk", timeoutMs: 1000, fetch });
    const d = depsOf(ENV);
    const deps: Deps = { ...d, connectors: { ...d.connectors, stripe: { ...d.connectors.stripe, lookupRefund: listing.lookupRefund } } };
    const run = (budget: CallBudget) => reconcileRefunds(deps, { olderThanMs: 0, limit: 10, tenantId: tenant, budget });

    const budget = callBudget(2);
    expect(await run(budget)).toEqual([{ id, outcome: "held" }]);
    expect([asked.length, budget.left]).toEqual([2, 0]);
    // A run with calls to spare reads on to it.
    expect(await run(callBudget(40))).toEqual([{ id, outcome: "succeeded" }]);
    expect(asked).toHaveLength(5);
  });
});
