import { beforeEach, describe, expect, it } from "vitest";
import { depsOf, iso, type Deps } from "../src/service/deps";
import { reconcileModifications, reconcileRefunds, reconcileStuck, type ReconcileOptions } from "../src/service/reconcile";
import { callBudget } from "../src/service/call-budget";
import { cancelIntent, captureIntent, refundIntent } from "../src/service/settle";
import { beginAttempt, moveIntent } from "../src/store/intents";
import { pendingModifications, pendingRefunds, stuckIntents } from "../src/store/recheck-queues";
import { ENV, adyenNotifies, adyenWebhook, call, confirm, createIntent, json, newTenantId, resetSim, simCharges, type Intent } from "./helpers";
import { DAY, claimedAgo, lost, noModificationSent, stripeWith } from "./provider-calls";
import { plan, recording } from "./query-plans";

// Reconciliation's queues of refunds, captures and cancels left pending: how they are read, captures and cancels
// past the provider's key window (refunds past it: reconcile.test.ts), and what leaves the queues for review,
// stuck charges included.

const deps = () => depsOf(ENV);
type Seen = Intent & { pending: { action: string; amount: number | null } | null };
const read = async (tenant: string, id: string) => json<Seen>(await call(`/v1/payments/intents/${id}`, { tenant }), 200);

const reconcileMods = (tenantId: string, d: Deps, limit = 10) => reconcileModifications(d, { olderThanMs: 0, limit, tenantId });

async function authorizedAt(provider: "stripe" | "adyen", tenant: string) {
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider } }] } }), 200);
  const intent = await createIntent(tenant, { captureMethod: "manual" });
  expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("requires_capture");
  return intent.id;
}

// A cron run's queue: every tenant's.
const queue = () => ({ before: iso(Date.now() - 60_000), now: iso(Date.now()), limit: 25 });

beforeEach(async () => {
  await resetSim();
});

describe("the queues are read from their index: only the due range, each taken row by its key", () => {
  // Tenants in turn rank the due items within their tenant (a window) and sort what was taken: over the due rows only.
  // An item waiting after a pending answer (migration 0037) is beyond the range, never read.
  /** One statement; no COUNT, OFFSET or random order; no table scanned, only the due range of `index` searched. */
  async function readsOnlyDue(read: (d: ReturnType<typeof recording>["db"]) => Promise<unknown>, index: RegExp) {
    const { db: recorded, seen } = recording();
    await read(recorded);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.sql).not.toMatch(/count\(|offset|random/i);
    const steps = await plan(seen[0]!);
    expect(steps.filter((s) => /^SCAN payment_/.test(s))).toEqual([]);
    expect(steps.filter((s) => / USING (COVERING )?INDEX (?!sqlite_autoindex)/.test(s))).toEqual([expect.stringMatching(index)]);
    return steps;
  }

  it("pending refunds: the range of pending ones due, each with its intent by id", async () => {
    const steps = await readsOnlyDue((d) => pendingRefunds(d, queue()), /^SEARCH payment_refunds USING INDEX payment_refunds_turn \(status=\? AND <expr><\?\)$/);
    expect(steps.filter((s) => /^SEARCH payment_intents/.test(s))).toEqual([expect.stringMatching(/^SEARCH payment_intents USING INDEX \S+ \(id=\?\)$/)]);
  });

  it("intents stuck in processing: the due range of the partial index of those not in review", async () => {
    await readsOnlyDue((d) => stuckIntents(d, queue()), /^SEARCH payment_intents USING INDEX payment_intents_stuck_turn \(<expr><\?\)$/);
  });

  it("pending captures and cancels: the due range of the partial index of pending ones", async () => {
    await readsOnlyDue((d) => pendingModifications(d, queue()), /^SEARCH payment_intents USING INDEX payment_intents_pending_turn \(<expr><\?\)$/);
  });
});

describe("captures and cancels left pending past the provider's key window", () => {
  it("a Stripe capture that happened is read, never sent again, and moves the intent", async () => {
    const tenant = newTenantId();
    const id = await authorizedAt("stripe", tenant);
    // Stripe captures; its answer is lost on the way back.
    const answerLost = stripeWith((real) => ({ capture: async (...args) => (await real.capture(...args), lost) }));
    expect(await captureIntent(answerLost, tenant, id, 2000)).toEqual({ pending: true });
    await claimedAgo(id, 2 * DAY);
    expect(await reconcileMods(tenant, noModificationSent())).toEqual([{ id, action: "capture", outcome: "done" }]);
    const done = await read(tenant, id);
    expect([done.status, done.amountCaptured, done.pending]).toEqual(["succeeded", 2000, null]);
    expect((await simCharges(id)).map((c) => c.captured)).toEqual([2000]);
  });

  it("a Stripe cancel that never reached Stripe is read (the charge is still capturable) and its claim let go", async () => {
    const tenant = newTenantId();
    const id = await authorizedAt("stripe", tenant);
    expect(await cancelIntent(stripeWith(() => ({ cancel: async () => lost })), tenant, id)).toEqual({ pending: true });
    await claimedAgo(id, 2 * DAY);
    expect(await reconcileMods(tenant, noModificationSent())).toEqual([{ id, action: "cancel", outcome: "released" }]);
    const released = await read(tenant, id);
    expect([released.status, released.pending]).toEqual(["requires_capture", null]);
    expect((await simCharges(id)).map((c) => c.status)).toEqual(["requires_capture"]);
  });

  it("ones that stay pending are read in turn: one read goes to the back of the queue, a new one takes its place by its age", async () => {
    const tenant = newTenantId();
    // Captures that never reached Stripe, whose PaymentIntent Stripe does not show for now.
    const unreadable = noModificationSent(() => ({ lookupModification: async () => ({ ok: false, code: "http_500", message: "Stripe did not show the PaymentIntent", failure: "unknown" }) }));
    const claim = async (daysAgo: number) => {
      const id = await authorizedAt("stripe", tenant);
      expect(await captureIntent(stripeWith(() => ({ capture: async () => lost })), tenant, id, 1000)).toEqual({ pending: true });
      await claimedAgo(id, daysAgo * DAY);
      return id;
    };
    // Past the key window, inside the bound past which a read still unclear sends it to review (reconcile-unclear.test.ts).
    const [a, b, c] = [await claim(6), await claim(5), await claim(4)];
    const batch = async () => (await reconcileMods(tenant, unreadable, 2)).map((r) => [r.id, r.outcome]);
    expect(await batch()).toEqual([[a, "held"], [b, "held"]]);
    expect(await batch()).toEqual([[c, "held"], [a, "held"]]);
    expect(await batch()).toEqual([[b, "held"], [c, "held"]]);
    const d = await claim(2);
    expect(await batch()).toEqual([[d, "held"], [a, "held"]]);
    // Once Stripe shows them, each read finds the charge still capturable: every claim is let go.
    expect((await reconcileMods(tenant, noModificationSent())).map((r) => [r.id, r.outcome])).toEqual([[b, "released"], [c, "released"], [d, "released"], [a, "released"]]);
    for (const id of [a, b, c, d]) expect((await read(tenant, id)).pending).toBeNull();
  });
});

describe("past the key window at a provider with no read (Adyen), an item leaves the queue for review", () => {
  // Sent again it could act twice, and nothing can be read: no run can learn it. Left in the queue it sat at the
  // head of the index, the oldest, and every run stepped over it.
  /** Deps that fail the test if Adyen is called at all. */
  const adyenUncalled = (): Deps => {
    const d = deps();
    const no = async (): Promise<never> => {
      throw new Error("Adyen was called for an item past its key window");
    };
    return { ...d, connectors: { ...d.connectors, adyen: { ...d.connectors.adyen, charge: no, capture: no, cancel: no, refund: no } } };
  };
  /**
   * A cron run (every tenant's queue) with no provider call to spend: what it did with `ids`, and the rows its queue
   * statement reads, which every run reads. Run first, it also moves out what earlier tests left. Its batch is as large
   * as the due tenants other tests leave in this project's one database: tenants come in turn, so an item is its
   * tenant's first (the oldest), not the batch's.
   */
  async function cronRun<T extends { id: string }>(reconcile: (d: Deps, opts: ReconcileOptions) => Promise<T[]>, ids: string[] = []) {
    const { db: recorded, seen } = recording();
    const done = await reconcile({ ...adyenUncalled(), db: recorded }, { olderThanMs: 0, limit: 500, budget: callBudget(0) });
    const q = seen.find((s) => /row_number\(\)/.test(s.sql))!;
    const { meta } = await ENV.DB.prepare(q.sql).bind(...q.params).all();
    return { mine: done.filter((r) => ids.includes(r.id)), reads: meta.rows_read };
  }
  /** Older than anything other tests leave: at the head of the queue. */
  const MONTH = 30 * DAY;
  async function adyenTenant() {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "adyen" } }] } }), 200);
    return tenant;
  }

  it("a capture or cancel: moved out once, with no call and no budget, noted on the intent; no run reads it again, and Adyen's notification still settles it", async () => {
    const tenant = await adyenTenant();
    const before = await cronRun(reconcileModifications);
    const capture = await authorizedAt("adyen", tenant);
    await json(await call(`/v1/payments/intents/${capture}/capture`, { method: "POST", tenant, json: { amountToCapture: 1000 } }), 202);
    const cancel = await authorizedAt("adyen", tenant);
    await json(await call(`/v1/payments/intents/${cancel}/cancel`, { method: "POST", tenant }), 202);
    for (const id of [capture, cancel]) await claimedAgo(id, MONTH);

    expect((await cronRun(reconcileModifications, [capture, cancel])).mine).toEqual([
      { id: capture, action: "capture", outcome: "review" },
      { id: cancel, action: "cancel", outcome: "review" },
    ]);
    // The next run neither takes them nor reads them: its queue statement reads what it read before they were made.
    const next = await cronRun(reconcileModifications, [capture, cancel]);
    expect(next.mine).toEqual([]);
    expect(next.reads).toBe(before.reads);

    // In review: the claim stays (nothing new may start while it may still happen), the intent says why, and when.
    const held = await read(tenant, capture);
    expect([held.status, held.pending?.action, (held as Seen & { lastError: string }).lastError]).toEqual([
      "requires_capture",
      "capture",
      expect.stringMatching(/^capture of 1000 sent at .* past adyen's idempotency-key window.*needs review at adyen$/),
    ]);
    const marked = await ENV.DB.prepare("SELECT pending_review_at AS at FROM payment_intents WHERE id = ?").bind(capture).first<{ at: string | null }>();
    expect(Date.now() - Date.parse(marked!.at!)).toBeLessThan(60_000);
    expect(await adyenNotifies(capture, "success")).toEqual([200]);
    expect(await read(tenant, capture)).toMatchObject({ status: "succeeded", amountCaptured: 1000, pending: null });
  });

  it("a charge stuck in processing: moved out once, with no call and no budget, noted on the intent; no run reads it again, and Adyen's AUTHORISATION still settles it", async () => {
    const tenant = await adyenTenant();
    const before = await cronRun(reconcileStuck);
    // A confirm that began an attempt at Adyen a month ago and died: Adyen may have charged, and has no read of it.
    const { id } = await createIntent(tenant);
    const then = iso(Date.now() - MONTH);
    const claimed = (await moveIntent(deps().db, id, ["requires_confirmation"], { status: "processing" }, { tenantId: tenant, now: then }))!;
    expect(await beginAttempt(deps().db, { intentId: id, attemptNo: 1, tenantId: tenant, provider: "adyen", idempotencyKey: `${id}:1`, status: "pending", createdAt: then }, claimed.version)).toBe(true);

    expect((await cronRun(reconcileStuck, [id])).mine).toEqual([{ id, outcome: "review", status: "processing" }]);
    const next = await cronRun(reconcileStuck, [id]);
    expect(next.mine).toEqual([]);
    expect(next.reads).toBe(before.reads);

    const held = (await read(tenant, id)) as Seen & { lastError: string };
    expect([held.status, held.lastError]).toEqual(["processing", expect.stringMatching(/^charge attempt 1 sent at .* past adyen's idempotency-key window.*needs review at adyen$/)]);
    const marked = await ENV.DB.prepare("SELECT stuck_review_at AS at FROM payment_intents WHERE id = ?").bind(id).first<{ at: string | null }>();
    expect(Date.now() - Date.parse(marked!.at!)).toBeLessThan(60_000);
    const psp = `PSP${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
    const item = { pspReference: psp, merchantAccountCode: "EcpLocalSim", merchantReference: id, amount: { value: 2500, currency: "EUR" }, eventCode: "AUTHORISATION", success: "true" };
    expect((await adyenWebhook(item)).status).toBe(200);
    expect(await read(tenant, id)).toMatchObject({ status: "succeeded", amountCaptured: 2500 });
    expect(await ENV.DB.prepare("SELECT stuck_review_at AS at FROM payment_intents WHERE id = ?").bind(id).first<{ at: string | null }>()).toEqual({ at: null });
  });

  it("a claim made after one that left for review is in the queue again", async () => {
    const tenant = await adyenTenant();
    const id = await authorizedAt("adyen", tenant);
    await json(await call(`/v1/payments/intents/${id}/capture`, { method: "POST", tenant, json: { amountToCapture: 1000 } }), 202);
    await claimedAgo(id, 2 * DAY);
    expect(await reconcileMods(tenant, adyenUncalled())).toEqual([{ id, action: "capture", outcome: "review" }]);
    // Adyen's notification says that capture failed: the claim goes, and a new capture is made.
    expect(await adyenNotifies(id, "failure")).toEqual([200]);
    await json(await call(`/v1/payments/intents/${id}/capture`, { method: "POST", tenant, json: { amountToCapture: 500 } }), 202);
    expect(await reconcileMods(tenant, deps())).toEqual([{ id, action: "capture", outcome: "held" }]);
  });

  it("a refund: moved out once, with no call and no budget, still pending with its amount held and noted on its intent; no run reads it again, and Adyen's REFUND still settles it", async () => {
    const tenant = await adyenTenant();
    const intent = await createIntent(tenant);
    expect((await json<Intent>(await confirm(tenant, intent.id), 200)).provider).toBe("adyen");
    const before = await cronRun(reconcileRefunds);
    const refund = await refundIntent(deps(), tenant, intent.id, "refund-adyen-old", 500);
    expect(refund.status).toBe("pending");
    await ENV.DB.prepare("UPDATE payment_refunds SET created_at = ? WHERE id = ?").bind(iso(Date.now() - MONTH), refund.id).run();

    expect((await cronRun(reconcileRefunds, [refund.id])).mine).toEqual([{ id: refund.id, outcome: "review" }]);
    const next = await cronRun(reconcileRefunds, [refund.id]);
    expect(next.mine).toEqual([]);
    expect(next.reads).toBe(before.reads);

    const held = await json<Intent & { lastError: string; refunds: { status: string }[] }>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);
    expect([held.amountRefunded, held.refunds.map((r) => r.status)]).toEqual([500, ["pending"]]);
    expect(held.lastError).toMatch(new RegExp(`^refund ${refund.id} of 500 sent at .* past adyen's idempotency-key window.*needs review at adyen$`));
    const marked = await ENV.DB.prepare("SELECT review_at AS at FROM payment_refunds WHERE id = ?").bind(refund.id).first<{ at: string | null }>();
    expect(Date.now() - Date.parse(marked!.at!)).toBeLessThan(60_000);
    expect(await adyenNotifies(intent.id, "success")).toEqual([200]);
    const settled = await json<Intent & { refunds: { status: string }[] }>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);
    expect([settled.amountRefunded, settled.refunds.map((r) => r.status)]).toEqual([500, ["succeeded"]]);
  });
});

describe("captures and cancels within the key window that stay pending", () => {
  it("are asked in turn, not the oldest each run, each only received then waiting: Adyen answers received to every re-ask", async () => {
    const tenant = newTenantId();
    const claim = async (minutesAgo: number) => {
      const id = await authorizedAt("adyen", tenant);
      await json(await call(`/v1/payments/intents/${id}/capture`, { method: "POST", tenant, json: { amountToCapture: 1000 } }), 202);
      await claimedAgo(id, minutesAgo * 60_000);
      return id;
    };
    const [a, b, c] = [await claim(3), await claim(2), await claim(1)];
    const batch = async (later = 0) => (await reconcileMods(tenant, { ...deps(), now: () => Date.now() + later }, 2)).map((r) => [r.id, r.outcome]);
    expect(await batch()).toEqual([[a, "held"], [b, "held"]]);
    // Received is no news: each waits (2 minutes after the first such answer, reconcile-turns.test.ts) before its next ask.
    expect(await batch()).toEqual([[c, "held"]]);
    expect(await batch()).toEqual([]);
    expect(await batch(3 * 60_000)).toEqual([[a, "held"], [b, "held"]]);
    expect(await batch(3 * 60_000)).toEqual([[c, "held"]]);
    for (const id of [a, b, c]) expect(await adyenNotifies(id, "success")).toEqual([200]);
    expect(await reconcileMods(tenant, deps())).toEqual([]);
  });
});

describe("an inflow of new items as large as the batch does not starve one looked at before", () => {
  // One looked at five minutes ago and still pending, then new ones, each made after that look, two a run:
  // with a batch of 2 the one looked at waits its turn by when it was last looked at, not behind every new one.
  const MIN = 60_000;
  const made = (n: number) => iso(Date.now() - 4 * MIN + n * 1000);
  const stillPending = stripeWith(() => ({
    capture: async () => lost,
    refund: async () => lost,
    lookupModification: async () => lost,
    lookupRefund: async () => lost,
  }));
  /** Three new ones, a run, two more, a run. Ordered never looked at first, both runs took only new ones. */
  const runTwice = async (batch: () => Promise<string[]>, arrive: (n: number) => Promise<string>) => {
    const news = [await arrive(1), await arrive(2), await arrive(3)];
    const first = await batch();
    news.push(await arrive(4), await arrive(5));
    return { news, runs: [first, await batch()] };
  };

  it("refunds", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "stripe" } }] } }), 200);
    const intent = await createIntent(tenant);
    expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("succeeded");
    const refund = async (createdAt: string, checkedAt: string | null = null) => {
      const r = await refundIntent(stillPending, tenant, intent.id, `refund-${createdAt}`, 100);
      expect(r.status).toBe("pending");
      await ENV.DB.prepare("UPDATE payment_refunds SET created_at = ?, checked_at = ? WHERE id = ?").bind(createdAt, checkedAt, r.id).run();
      return r.id;
    };
    const looked = await refund(iso(Date.now() - 10 * MIN), iso(Date.now() - 5 * MIN));
    const batch = async () => (await reconcileRefunds(stillPending, { olderThanMs: 0, limit: 2, tenantId: tenant })).map((r) => r.id);
    const { news, runs } = await runTwice(batch, (n) => refund(made(n)));
    expect(runs).toEqual([[looked, news[0]], [news[1], news[2]]]);
  });

  it("captures and cancels", async () => {
    const tenant = newTenantId();
    const claim = async (since: string, checkedAt: string | null = null) => {
      const id = await authorizedAt("stripe", tenant);
      expect(await captureIntent(stillPending, tenant, id, 1000)).toEqual({ pending: true });
      await ENV.DB.prepare("UPDATE payment_intents SET pending_since = ?, pending_checked_at = ? WHERE id = ?").bind(since, checkedAt, id).run();
      return id;
    };
    const looked = await claim(iso(Date.now() - 10 * MIN), iso(Date.now() - 5 * MIN));
    const batch = async () => (await reconcileMods(tenant, stillPending, 2)).map((r) => r.id);
    const { news, runs } = await runTwice(batch, (n) => claim(made(n)));
    expect(runs).toEqual([[looked, news[0]], [news[1], news[2]]]);
  });
});
