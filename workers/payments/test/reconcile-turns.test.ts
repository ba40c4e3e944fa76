import { beforeEach, describe, expect, it } from "vitest";
import type { ChargeResult, Connector } from "../src/connectors/types";
import { callBudget } from "../src/service/call-budget";
import { depsOf, iso, type Deps } from "../src/service/deps";
import { reconcileModifications, reconcileRefunds, reconcileStuck } from "../src/service/reconcile";
import { captureIntent, refundIntent } from "../src/service/settle";
import { beginAttempt, findIntent, moveIntent } from "../src/store/intents";
import { ENV, adyenNotifies, call, confirm, createIntent, json, newTenantId, resetSim, type Intent } from "./helpers";
import { connectorWith, lost } from "./provider-calls";

// Reconciliation's queues, tenants in turn (one tenant's many items delay no other's), and an item its provider
// holds unfinished asked again after a growing wait (one with no answer at the pace it had).

const MIN = 60_000;
/** Adyen's answer to a charge it holds unfinished (a bank or voucher method): only its notification settles it. */
const PENDING: ChargeResult = { kind: "unknown", code: "Pending", pending: true };
/** No answer in time: nothing is known of the charge. */
const NO_ANSWER: ChargeResult = { kind: "unknown", code: "timeout" };

let year = 2015;
/**
 * A clock of the test's own, set years back and earlier for each test than for every test before it: this project's
 * tests share one database, and what other tests leave in the queues (made at today's date) is not due yet then.
 * A run across every tenant's queue (as the cron's) then sees only this test's items.
 */
const pastClock = () => Date.parse(`${year--}-06-01T00:00:00.000Z`);

/** `d` with its clock at `ms`. */
const at = (d: Deps, ms: number): Deps => ({ ...d, now: () => ms });

async function routedTo(provider: "stripe" | "adyen") {
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider } }] } }), 200);
  return tenant;
}

/** A confirm that claimed the intent and began attempt 1 at `provider` at `sentAt`, then died: stuck in processing. */
async function stuckAt(tenant: string, provider: "stripe" | "adyen", sentAt: number) {
  const d = depsOf(ENV);
  const { id } = await createIntent(tenant);
  const claimed = (await moveIntent(d.db, id, ["requires_confirmation"], { status: "processing" }, { tenantId: tenant, now: iso(sentAt) }))!;
  const attempt = { intentId: id, attemptNo: 1, tenantId: tenant, provider, idempotencyKey: `${id}:1`, status: "pending" as const, createdAt: iso(sentAt) };
  expect(await beginAttempt(d.db, attempt, claimed.version)).toBe(true);
  return id;
}

/** Deps whose Adyen answers each charge by its intent (`answer`), and that note which intents it was asked about. */
function adyenAnswering(answer: (intentId: string) => ChargeResult) {
  const asked: string[] = [];
  const deps = connectorWith("adyen", () => ({ charge: async (req) => (asked.push(req.reference), answer(req.reference)) }));
  return { deps, asked };
}

/** A charged intent at `provider`, whose refunds and captures the tests make. */
async function chargedAt(tenant: string, provider: "stripe" | "adyen", body: Record<string, unknown> = {}) {
  const intent = await createIntent(tenant, body);
  const charged = await json<Intent>(await confirm(tenant, intent.id), 200);
  expect([charged.provider, charged.status]).toEqual([provider, body.captureMethod === "manual" ? "requires_capture" : "succeeded"]);
  return intent.id;
}

const sql = (q: string, ...params: unknown[]) => ENV.DB.prepare(q).bind(...params).run();

/** Deps whose Stripe never answers (refunds, captures and their reads: `lost`), noting the provider key of each call. */
function stripeSilent() {
  const asked: string[] = [];
  const silent = async (key: string) => (asked.push(key), lost);
  const deps = connectorWith("stripe", () => ({
    refund: (_ref, _amount, _currency, key) => silent(key),
    lookupRefund: (_ref, key) => silent(key),
    capture: (_ref, _amount, _currency, key) => silent(key),
    lookupModification: (ref) => silent(ref),
  }));
  return { deps, asked };
}

/** `d` whose Adyen notes the key of each capture and refund it is asked for (Adyen's real answer: received). */
function adyenNoting(d: Deps) {
  const asked: string[] = [];
  const real = d.connectors.adyen;
  const adyen: Connector = {
    ...real,
    capture: (ref, amount, currency, key) => (asked.push(key), real.capture(ref, amount, currency, key)),
    refund: (ref, amount, currency, key) => (asked.push(key), real.refund(ref, amount, currency, key)),
  };
  return { deps: { ...d, connectors: { ...d.connectors, adyen } }, asked };
}

beforeEach(async () => {
  await resetSim();
});

describe("tenants in turn: one tenant's many due items do not delay another tenant's beyond the run it is due in", () => {
  it("stuck charges: a flood of another tenant's long-pending charges, older than it, does not keep a stuck card charge waiting", async () => {
    const now = pastClock();
    const flooder = await routedTo("adyen");
    const other = await routedTo("stripe");
    // Older than the other tenant's: a queue of every tenant's items by age took all of these first.
    const flood: string[] = [];
    for (let i = 0; i < 8; i++) flood.push(await stuckAt(flooder, "adyen", now - 30 * MIN + i * 1000));
    // Attempt 1 recorded, never sent: asked again with its key, Stripe charges it once.
    const mine = await stuckAt(other, "stripe", now - 5 * MIN);
    const { deps } = adyenAnswering(() => PENDING);

    const run = await reconcileStuck(at(deps, now), { olderThanMs: MIN, limit: 5, budget: callBudget(40) });
    expect(run).toContainEqual({ id: mine, outcome: "settled", status: "succeeded" });
    expect(run.filter((r) => flood.includes(r.id)).map((r) => r.outcome)).toEqual(["held", "held", "held", "held"]);
    expect((await findIntent(deps.db, other, mine))!.amountCaptured).toBe(2500);
  });

  it("refunds: a flood of another tenant's refunds Adyen only received does not keep a refund whose answer was lost waiting", async () => {
    const now = pastClock();
    const flooder = await routedTo("adyen");
    const other = await routedTo("stripe");
    const charged = await chargedAt(flooder, "adyen");
    const flood: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await refundIntent(depsOf(ENV), flooder, charged, `flood-${i}`, 100);
      expect(r.status).toBe("pending");
      await sql("UPDATE payment_refunds SET created_at = ? WHERE id = ?", iso(now - 30 * MIN + i * 1000), r.id);
      flood.push(r.id);
    }
    // Stripe never got it: asked again with its key, Stripe refunds it.
    const intent = await chargedAt(other, "stripe");
    const mine = await refundIntent(stripeSilent().deps, other, intent, "mine", 500);
    expect(mine.status).toBe("pending");
    await sql("UPDATE payment_refunds SET created_at = ? WHERE id = ?", iso(now - 5 * MIN), mine.id);

    const run = await reconcileRefunds(at(depsOf(ENV), now), { olderThanMs: MIN, limit: 5, budget: callBudget(40) });
    expect(run).toContainEqual({ id: mine.id, outcome: "succeeded" });
    expect(run.filter((r) => flood.includes(r.id))).toHaveLength(4);
  });

  it("captures and cancels: a flood of another tenant's captures Adyen only received does not keep a capture whose answer was lost waiting", async () => {
    const now = pastClock();
    const flooder = await routedTo("adyen");
    const other = await routedTo("stripe");
    const flood: string[] = [];
    for (let i = 0; i < 8; i++) {
      const id = await chargedAt(flooder, "adyen", { captureMethod: "manual" });
      await json(await call(`/v1/payments/intents/${id}/capture`, { method: "POST", tenant: flooder, json: { amountToCapture: 1000 } }), 202);
      await sql("UPDATE payment_intents SET pending_since = ? WHERE id = ?", iso(now - 30 * MIN + i * 1000), id);
      flood.push(id);
    }
    // Stripe never got it: asked again with its key, Stripe captures it.
    const mine = await chargedAt(other, "stripe", { captureMethod: "manual" });
    expect(await captureIntent(stripeSilent().deps, other, mine, 1000)).toEqual({ pending: true });
    await sql("UPDATE payment_intents SET pending_since = ? WHERE id = ?", iso(now - 5 * MIN), mine);

    const run = await reconcileModifications(at(depsOf(ENV), now), { olderThanMs: MIN, limit: 5, budget: callBudget(40) });
    expect(run).toContainEqual({ id: mine, action: "capture", outcome: "done" });
    expect(run.filter((r) => flood.includes(r.id))).toHaveLength(4);
    expect(await findIntent(depsOf(ENV).db, other, mine)).toMatchObject({ status: "succeeded", amountCaptured: 1000 });
  });

  it("with more tenants due than a run takes, each has a look every ceil(tenants / batch) runs, however many items it has", async () => {
    const now = pastClock();
    const tenants = [await routedTo("adyen"), await routedTo("adyen"), await routedTo("adyen"), await routedTo("adyen")];
    const owner = new Map<string, string>();
    // Three tenants with four charges each, all older than the fourth tenant's one.
    for (const [t, tenant] of tenants.slice(0, 3).entries()) {
      for (let i = 0; i < 4; i++) owner.set(await stuckAt(tenant, "adyen", now - 30 * MIN + t * 10_000 + i * 1000), tenant);
    }
    owner.set(await stuckAt(tenants[3]!, "adyen", now - 5 * MIN), tenants[3]!);
    // Nothing is ever learnt (no answer): every item is due in every run.
    const { deps } = adyenAnswering(() => NO_ANSWER);

    const looked: Set<string>[] = [];
    for (let run = 0; run < 6; run++) {
      const done = await reconcileStuck(at(deps, now + run * MIN), { olderThanMs: 30_000, limit: 2, budget: callBudget(40) });
      expect(done.map((r) => r.outcome)).toEqual(["held", "held"]);
      looked.push(new Set(done.map((r) => owner.get(r.id)!)));
    }
    // Two runs of two looks: all four tenants, each once.
    for (let run = 0; run + 1 < looked.length; run += 2) expect(new Set([...looked[run]!, ...looked[run + 1]!]).size).toBe(4);
  });
});

describe("an item its provider holds unfinished is asked again after a growing wait; one with no answer at every turn", () => {
  /** The minutes (from 0) at which each of `ids` was asked about, run once a minute for `minutes`, by `asked`. */
  async function askedAt(ids: string[], minutes: number, run: (m: number) => Promise<unknown>, asked: string[], keyOf: (id: string) => string = (id) => id) {
    const at = new Map(ids.map((id) => [id, [] as number[]]));
    for (let m = 0; m <= minutes; m++) {
      asked.length = 0;
      await run(m);
      for (const id of ids) if (asked.includes(keyOf(id))) at.get(id)!.push(m);
    }
    return ids.map((id) => at.get(id)!);
  }
  const everyMinute = (minutes: number) => Array.from({ length: minutes + 1 }, (_, m) => m);

  it("a charge Adyen keeps Pending: after 2, 4, 8 and 16 minutes; one with no answer every minute; a move of the intent starts its wait afresh", async () => {
    const tenant = await routedTo("adyen");
    const t0 = Date.now();
    const pending = await stuckAt(tenant, "adyen", t0 - 5 * MIN);
    const unanswered = await stuckAt(tenant, "adyen", t0 - 5 * MIN);
    const { deps, asked } = adyenAnswering((id) => (id === pending ? PENDING : NO_ANSWER));
    const run = (m: number) => reconcileStuck(at(deps, t0 + m * MIN), { olderThanMs: 30_000, limit: 10, tenantId: tenant });

    expect(await askedAt([pending, unanswered], 40, run, asked)).toEqual([[0, 2, 6, 14, 30], everyMinute(40)]);
    const held = (await findIntent(deps.db, tenant, pending))!;
    expect(held.lastError).toBe(`still pending at adyen (Pending); asked again from ${iso(t0 + 62 * MIN)}`);
    expect((await findIntent(deps.db, tenant, unanswered))!.lastError).toBe("outcome at adyen still unknown (timeout); asked again next run");

    // It goes to requires_action and back to processing: the wait was learnt of its last stay, and goes with it.
    const d = at(deps, t0 + 41 * MIN);
    const action = (await moveIntent(d.db, pending, ["processing"], { status: "requires_action" }, { tenantId: tenant, now: iso(t0 + 41 * MIN) }))!;
    expect(await moveIntent(d.db, pending, ["requires_action"], { status: "processing" }, { tenantId: tenant, version: action.version, now: iso(t0 + 41 * MIN) })).not.toBeNull();
    asked.length = 0;
    await run(42);
    expect(asked).toContain(pending);
  });

  it("a refund Adyen only received: after 2, 4 and 8 minutes; one Stripe never answers every minute", async () => {
    const [adyenTenant, stripeTenant] = [await routedTo("adyen"), await routedTo("stripe")];
    const received = await refundIntent(depsOf(ENV), adyenTenant, await chargedAt(adyenTenant, "adyen"), "received", 100);
    const silent = stripeSilent();
    const unanswered = await refundIntent(silent.deps, stripeTenant, await chargedAt(stripeTenant, "stripe"), "unanswered", 100);
    expect([received.status, unanswered.status]).toEqual(["pending", "pending"]);
    const { deps, asked } = adyenNoting(silent.deps);
    const t0 = Date.now() + MIN;
    const run = async (m: number) => {
      for (const tenantId of [adyenTenant, stripeTenant]) await reconcileRefunds(at(deps, t0 + m * MIN), { olderThanMs: 30_000, limit: 10, tenantId });
      asked.push(...silent.asked.splice(0));
    };
    expect(await askedAt([received.id, unanswered.id], 15, run, asked)).toEqual([[0, 2, 6, 14], everyMinute(15)]);
  });

  it("a capture Adyen only received: after 2, 4 and 8 minutes; one Stripe never answers every minute; a new claim starts without the old one's wait", async () => {
    const [adyenTenant, stripeTenant] = [await routedTo("adyen"), await routedTo("stripe")];
    const received = await chargedAt(adyenTenant, "adyen", { captureMethod: "manual" });
    await json(await call(`/v1/payments/intents/${received}/capture`, { method: "POST", tenant: adyenTenant, json: { amountToCapture: 1000 } }), 202);
    const silent = stripeSilent();
    const unanswered = await chargedAt(stripeTenant, "stripe", { captureMethod: "manual" });
    expect(await captureIntent(silent.deps, stripeTenant, unanswered, 1000)).toEqual({ pending: true });
    const { deps, asked } = adyenNoting(silent.deps);
    const t0 = Date.now() + MIN;
    const run = async (m: number) => {
      for (const tenantId of [adyenTenant, stripeTenant]) await reconcileModifications(at(deps, t0 + m * MIN), { olderThanMs: 30_000, limit: 10, tenantId });
      asked.push(...silent.asked.splice(0));
    };
    const [receivedKey, unansweredKey] = [(await findIntent(deps.db, adyenTenant, received))!.pendingKey!, (await findIntent(deps.db, stripeTenant, unanswered))!.pendingKey!];
    const keyOf = (id: string) => (id === received ? receivedKey : unansweredKey);
    expect(await askedAt([received, unanswered], 15, run, asked, keyOf)).toEqual([[0, 2, 6, 14], everyMinute(15)]);

    // Adyen's notification fails that capture; a new one is claimed: it is asked about in the next run, not after the old wait.
    expect(await adyenNotifies(received, "failure")).toEqual([200]);
    await json(await call(`/v1/payments/intents/${received}/capture`, { method: "POST", tenant: adyenTenant, json: { amountToCapture: 500 } }), 202);
    const again = (await findIntent(deps.db, adyenTenant, received))!.pendingKey!;
    asked.length = 0;
    await run(16);
    expect(asked).toContain(again);
  });
});

describe("a run whose answer comes late", () => {
  it("does not put back the wait it read over the longer one later runs learnt meanwhile", async () => {
    const tenant = await routedTo("adyen");
    const t0 = Date.now();
    const id = await stuckAt(tenant, "adyen", t0 - 5 * MIN);
    // Adyen holds the first run's ask until released; it answers every later one at once. Always Pending.
    let reached!: () => void;
    let release!: () => void;
    const firstAsked = new Promise<void>((r) => (reached = r));
    const held = new Promise<void>((r) => (release = r));
    const asked: number[] = [];
    const d = connectorWith("adyen", () => ({
      charge: async () => {
        asked.push(asked.length);
        if (asked.length === 1) {
          reached();
          await held;
        }
        return PENDING;
      },
    }));
    const run = (ms: number) => reconcileStuck(at(d, ms), { olderThanMs: 30_000, limit: 10, tenantId: tenant });
    const slow = run(t0);
    await firstAsked;
    // Meanwhile: a run at the same minute (its first pending answer: 2 minutes), and one 2 minutes later (4 minutes).
    await run(t0);
    await run(t0 + 2 * MIN);
    release();
    expect(await slow).toEqual([{ id, outcome: "held", status: "processing" }]);
    // The slow run read no wait, and would have set the first step's: due again at t0 + 2 minutes. The wait stands.
    asked.length = 0;
    expect(await run(t0 + 4 * MIN)).toEqual([]);
    expect(await run(t0 + 6 * MIN)).toEqual([{ id, outcome: "held", status: "processing" }]);
    expect(asked).toHaveLength(1);
  });
});

describe("the run's budget of provider calls, tenants in turn", () => {
  it("bounds every run's calls; the tenants it had no calls for are first in the next run, and none is skipped", async () => {
    const now = pastClock();
    const owner = new Map<string, string>();
    for (let i = 0; i < 6; i++) {
      const tenant = await routedTo("adyen");
      owner.set(await stuckAt(tenant, "adyen", now - 10 * MIN), tenant);
    }
    const { deps, asked } = adyenAnswering(() => NO_ANSWER);
    const looked: string[][] = [];
    for (let run = 0; run < 3; run++) {
      asked.length = 0;
      const budget = callBudget(2);
      const done = await reconcileStuck(at(deps, now + run * MIN), { olderThanMs: 30_000, limit: 25, budget });
      expect(asked).toHaveLength(2);
      expect(budget.left).toBe(0);
      expect(done.filter((r) => r.outcome === "deferred")).toHaveLength(4);
      looked.push(done.filter((r) => r.outcome === "held").map((r) => owner.get(r.id)!));
    }
    // Three runs of two calls: each of the six tenants looked at once.
    expect(new Set(looked.flat()).size).toBe(6);
  });
});
