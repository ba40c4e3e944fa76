import { beforeEach, describe, expect, it } from "vitest";
import type { ChargeResult, Connector } from "../src/connectors/types";
import { ACTION_GRACE_MS } from "../src/domain/action-window";
import { callBudget } from "../src/service/call-budget";
import { depsOf, iso, type Deps } from "../src/service/deps";
import { reconcileExpiredActions } from "../src/service/expire-actions";
import { findIntent } from "../src/store/intents";
import { expiredActions } from "../src/store/recheck-queues";
import { ENV, adyenWebhook, call, confirm, createIntent, json, newTenantId, resetSim, scenario, simCharges, stripeWebhook, type Intent } from "./helpers";
import { connectorWith } from "./provider-calls";
import { plan, recording } from "./query-plans";

// A buyer action (a redirect, a QR code) left unanswered past its window: reconciliation asks the provider what
// became of the payment and follows it (paid late → the intent follows), or cancels it there and then here
// (`action_expired`); a provider event settles it the same way, and only one outcome stands.

const MIN = 60_000;
const HOUR = 60 * MIN;

/** `d` with its clock at `ms`. */
const at = (d: Deps, ms: number): Deps => ({ ...d, now: () => ms });

async function routedTo(provider: "stripe" | "adyen") {
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider } }] } }), 200);
  return tenant;
}

/** An iDEAL intent of `tenant` confirmed into `requires_action` (the provider asks for a redirect): its id and when. */
async function awaitingBuyer(tenant: string, body: Record<string, unknown> = {}) {
  const intent = await createIntent(tenant, body);
  const confirmedAt = Date.now();
  const confirmed = await json<Intent>(await confirm(tenant, intent.id), 200);
  expect(confirmed.status).toBe("requires_action");
  return { id: intent.id, confirmedAt };
}

/** What the simulated buyer does with the action of `reference`'s charges; Adyen's signed notifications. */
async function buyer(reference: string, outcome: "paid" | "abandoned") {
  const res = await ENV.PROVIDER_SIM!.fetch(`http://provider-sim/_sim/buyer?reference=${reference}`, { method: "POST", body: JSON.stringify({ outcome }) });
  return json<{ charges: { status: string }[]; notifications: { notificationItems: { NotificationRequestItem: Parameters<typeof adyenWebhook>[0] }[] }[] }>(res, 200);
}

const intentOf = async (tenant: string, id: string) => (await findIntent(depsOf(ENV).db, tenant, id))!;
const run = (d: Deps, ms: number, tenantId?: string, calls = 40) => reconcileExpiredActions(at(d, ms), { olderThanMs: MIN, limit: 10, budget: callBudget(calls), tenantId });

/** Deps whose `provider` notes every call reconciliation makes to it (`change` may replace some). */
function noting(provider: "stripe" | "adyen", change: (real: Connector) => Partial<Connector> = () => ({})) {
  const calls: string[] = [];
  const deps = connectorWith(provider, (real) => {
    const changed = { ...real, ...change(real) };
    return {
      readPayment: changed.readPayment && ((ref) => (calls.push("read"), changed.readPayment!(ref))),
      lookup: changed.lookup && ((req) => (calls.push("lookup"), changed.lookup!(req))),
      cancel: (ref, key) => (calls.push("cancel"), changed.cancel(ref, key)),
      charge: (req) => (calls.push("charge"), changed.charge(req)),
    };
  });
  return { deps, calls };
}

const stripeEvent = (type: string, ref: string, intentId: string) => ({ id: `evt_${crypto.randomUUID()}`, type, data: { object: { id: ref, metadata: { intent_id: intentId } } } });

beforeEach(async () => {
  await resetSim();
});

describe("a buyer action left unanswered past its window", () => {
  it("abandoned at Stripe: cancelled there, then canceled here with action_expired; its window is the method's hour", async () => {
    const tenant = await routedTo("stripe");
    await scenario({ stripe: { mode: "requires_action" } });
    const { id, confirmedAt } = await awaitingBuyer(tenant);
    const row = await intentOf(tenant, id);
    // iDEAL gives no expiry: the method's hour, looked at after the grace.
    expect(Date.parse(row.actionExpiresAt!) - confirmedAt).toBeGreaterThanOrEqual(HOUR);
    expect(Date.parse(row.actionDueAt!) - Date.parse(row.actionExpiresAt!)).toBe(ACTION_GRACE_MS);
    await buyer(id, "abandoned");

    const { deps, calls } = noting("stripe");
    expect(await run(deps, Date.parse(row.actionDueAt!), tenant)).toEqual([{ id, outcome: "canceled", status: "canceled" }]);
    expect(calls).toEqual(["read", "cancel"]);
    const after = await json<Intent & { lastError: string; nextAction: unknown }>(await call(`/v1/payments/intents/${id}`, { tenant }), 200);
    expect(after.status).toBe("canceled");
    expect(after.lastError).toMatch(/^action_expired: /);
    expect(after.nextAction).toBeNull();
    expect((await simCharges(id)).map((c) => c.status)).toEqual(["canceled"]);
    // Settled: out of the queue, never asked again.
    expect(await run(deps, Date.parse(row.actionDueAt!) + HOUR, tenant)).toEqual([]);
  });

  it("paid late at Stripe: the intent follows (succeeded), nothing is cancelled and nothing charged again", async () => {
    const tenant = await routedTo("stripe");
    await scenario({ stripe: { mode: "requires_action" } });
    const { id } = await awaitingBuyer(tenant);
    const due = Date.parse((await intentOf(tenant, id)).actionDueAt!);
    await buyer(id, "paid");

    const { deps, calls } = noting("stripe");
    expect(await run(deps, due + MIN, tenant)).toEqual([{ id, outcome: "succeeded", status: "succeeded" }]);
    expect(calls).toEqual(["read"]);
    const after = await intentOf(tenant, id);
    expect([after.status, after.amountCaptured, after.lastError]).toEqual(["succeeded", 2500, null]);
    expect((await simCharges(id)).map((c) => [c.status, c.captured])).toEqual([["succeeded", 2500]]);
  });

  it("authorised late at Stripe (manual capture): the intent is requires_capture, its authorisation never cancelled", async () => {
    const tenant = await routedTo("stripe");
    await scenario({ stripe: { mode: "requires_action" } });
    const { id } = await awaitingBuyer(tenant, { captureMethod: "manual" });
    const due = Date.parse((await intentOf(tenant, id)).actionDueAt!);
    await buyer(id, "paid");
    const { deps, calls } = noting("stripe");
    expect(await run(deps, due, tenant)).toEqual([{ id, outcome: "succeeded", status: "requires_capture" }]);
    expect(calls).toEqual(["read"]);
    expect((await simCharges(id)).map((c) => c.status)).toEqual(["requires_capture"]);
  });

  it("not yet due, within its window or its grace: untouched, no call made", async () => {
    const tenant = await routedTo("stripe");
    await scenario({ stripe: { mode: "requires_action" } });
    const { id } = await awaitingBuyer(tenant);
    const row = await intentOf(tenant, id);
    const { deps, calls } = noting("stripe");
    expect(await run(deps, Date.parse(row.actionExpiresAt!) - MIN, tenant)).toEqual([]);
    expect(await run(deps, Date.parse(row.actionDueAt!) - 1, tenant)).toEqual([]);
    expect(calls).toEqual([]);
    expect((await intentOf(tenant, id)).status).toBe("requires_action");
    expect((await simCharges(id)).map((c) => c.status)).toEqual(["requires_action"]);
  });

  it("a QR code's own expiry is its window (Pix: a day at Stripe), not the redirect's hour", async () => {
    const tenant = await routedTo("stripe");
    await scenario({ stripe: { mode: "requires_action" } });
    const intent = await createIntent(tenant, { method: "pix", currency: "BRL", country: "BR" });
    const shown = await json<Intent & { nextAction: { expiresAt: string } }>(await confirm(tenant, intent.id), 200);
    const row = await intentOf(tenant, intent.id);
    expect(row.actionExpiresAt).toBe(shown.nextAction.expiresAt);
    const { deps, calls } = noting("stripe");
    expect(await run(deps, Date.now() + 2 * HOUR, tenant)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("an unclear answer leaves it for a later run; the run's budget defers it, its place kept", async () => {
    const tenant = await routedTo("stripe");
    await scenario({ stripe: { mode: "requires_action" } });
    const { id } = await awaitingBuyer(tenant);
    const due = Date.parse((await intentOf(tenant, id)).actionDueAt!);
    const { deps: silent } = noting("stripe", () => ({ readPayment: async () => ({ unknown: "timeout" }) }));
    expect(await run(silent, due, tenant, 1)).toEqual([{ id, outcome: "deferred", status: "requires_action" }]);
    expect(await run(silent, due, tenant)).toEqual([{ id, outcome: "held", status: "requires_action" }]);
    const held = await intentOf(tenant, id);
    // An unclear answer waits too (2 minutes, doubling): the window is over, and one that stays unclear must not cost
    // calls every run.
    expect([held.status, held.actionDueAt]).toEqual(["requires_action", iso(due + 2 * MIN)]);
    expect(held.lastError).toMatch(/no clear answer \(timeout\)/);
    expect((await simCharges(id)).map((c) => c.status)).toEqual(["requires_action"]);
    expect(await run(depsOf(ENV), due + MIN, tenant)).toEqual([]);
    // Stripe answers again: the run after the wait cancels it.
    expect(await run(depsOf(ENV), due + 2 * MIN, tenant)).toEqual([{ id, outcome: "canceled", status: "canceled" }]);
    expect((await intentOf(tenant, id)).lastError).toMatch(/^action_expired: /);
  });
});

describe("a provider event racing the expiry: one outcome", () => {
  it("the buyer pays, and Stripe's event is applied, between reconciliation's read and its cancel: succeeded, the cancel refused", async () => {
    const tenant = await routedTo("stripe");
    await scenario({ stripe: { mode: "requires_action" } });
    const { id } = await awaitingBuyer(tenant);
    const row = await intentOf(tenant, id);
    const { deps, calls } = noting("stripe", (real) => ({
      readPayment: async (ref) => {
        const read = await real.readPayment!(ref);
        await buyer(id, "paid");
        expect((await json<{ outcomes: string[] }>(await stripeWebhook(stripeEvent("payment_intent.succeeded", ref, id)), 200)).outcomes).toEqual(["applied"]);
        return read;
      },
    }));
    expect(await run(deps, Date.parse(row.actionDueAt!), tenant)).toEqual([{ id, outcome: "held", status: "requires_action" }]);
    expect(calls).toEqual(["read", "cancel"]);
    const after = await intentOf(tenant, id);
    expect([after.status, after.amountCaptured]).toEqual(["succeeded", 2500]);
    expect(after.lastError).toBeNull();
    expect((await simCharges(id)).map((c) => c.status)).toEqual(["succeeded"]);
    expect(await run(depsOf(ENV), Date.parse(row.actionDueAt!) + HOUR, tenant)).toEqual([]);
  });

  it("the cancel's own event is applied before reconciliation's move: canceled once, and still says action_expired", async () => {
    const tenant = await routedTo("stripe");
    await scenario({ stripe: { mode: "requires_action" } });
    const { id } = await awaitingBuyer(tenant);
    const row = await intentOf(tenant, id);
    const { deps } = noting("stripe", (real) => ({
      cancel: async (ref, key) => {
        const done = await real.cancel(ref, key);
        expect((await json<{ outcomes: string[] }>(await stripeWebhook(stripeEvent("payment_intent.canceled", ref, id)), 200)).outcomes).toEqual(["applied"]);
        return done;
      },
    }));
    expect(await run(deps, Date.parse(row.actionDueAt!), tenant)).toEqual([{ id, outcome: "canceled", status: "canceled" }]);
    const after = await intentOf(tenant, id);
    expect(after.status).toBe("canceled");
    expect(after.lastError).toMatch(/^action_expired: /);
    expect((await simCharges(id)).map((c) => c.status)).toEqual(["canceled"]);
  });

  it("Adyen: its OFFER_CLOSED cancels the intent with action_expired (before or after the window); no call is made past it", async () => {
    const tenant = await routedTo("adyen");
    await scenario({ adyen: { mode: "requires_action" } });
    const { id } = await awaitingBuyer(tenant);
    const due = Date.parse((await intentOf(tenant, id)).actionDueAt!);
    // Past its window Adyen has no read of the payment: nothing is sent; it leaves the queue for Adyen's notification.
    const { deps, calls } = noting("adyen");
    expect(await run(deps, due, tenant)).toEqual([{ id, outcome: "left", status: "requires_action" }]);
    expect(await run(deps, due + HOUR, tenant)).toEqual([]);
    expect(calls).toEqual([]);

    const { charges, notifications } = await buyer(id, "abandoned");
    expect(charges.map((c) => c.status)).toEqual(["canceled"]);
    const item = notifications[0]!.notificationItems[0]!.NotificationRequestItem;
    expect(item.eventCode).toBe("OFFER_CLOSED");
    expect((await adyenWebhook(item)).status).toBe(200);
    const after = await intentOf(tenant, id);
    expect(after.status).toBe("canceled");
    expect(after.lastError).toMatch(/^action_expired: .*OFFER_CLOSED/);
    // Delivered again: one outcome.
    expect((await adyenWebhook(item)).status).toBe(200);
    expect((await intentOf(tenant, id)).status).toBe("canceled");
  });

  it("Adyen: paid late, its AUTHORISATION settles the intent even after the window, and a later OFFER_CLOSED changes nothing", async () => {
    const tenant = await routedTo("adyen");
    await scenario({ adyen: { mode: "requires_action" } });
    const { id } = await awaitingBuyer(tenant);
    const due = Date.parse((await intentOf(tenant, id)).actionDueAt!);
    expect(await run(depsOf(ENV), due, tenant)).toEqual([{ id, outcome: "left", status: "requires_action" }]);
    const { notifications } = await buyer(id, "paid");
    expect((await adyenWebhook(notifications[0]!.notificationItems[0]!.NotificationRequestItem)).status).toBe(200);
    const paid = await intentOf(tenant, id);
    expect([paid.status, paid.amountCaptured]).toEqual(["succeeded", 2500]);
    const ref = paid.providerRef!;
    await adyenWebhook({ pspReference: ref, merchantAccountCode: "", merchantReference: id, amount: { value: 2500, currency: "EUR" }, eventCode: "OFFER_CLOSED", success: "true" });
    expect((await intentOf(tenant, id)).status).toBe("succeeded");
  });
});

describe("tenants", () => {
  it("a tenant's own run leaves another tenant's due intent untouched, at the provider too", async () => {
    const mine = await routedTo("stripe");
    const theirs = await routedTo("stripe");
    await scenario({ stripe: { mode: "requires_action" } });
    const a = await awaitingBuyer(mine);
    const b = await awaitingBuyer(theirs);
    const due = Date.parse((await intentOf(theirs, b.id)).actionDueAt!);
    expect(await run(depsOf(ENV), due + MIN, mine)).toEqual([{ id: a.id, outcome: "canceled", status: "canceled" }]);
    expect((await intentOf(theirs, b.id)).status).toBe("requires_action");
    expect((await simCharges(b.id)).map((c) => c.status)).toEqual(["requires_action"]);
  });

  it("runs over every tenant take them in turn: one tenant's many due actions do not keep another's waiting", async () => {
    const flooder = await routedTo("stripe");
    const other = await routedTo("stripe");
    await scenario({ stripe: { mode: "requires_action" } });
    const flood: string[] = [];
    for (let i = 0; i < 4; i++) flood.push((await awaitingBuyer(flooder)).id);
    const mine = (await awaitingBuyer(other)).id;
    // Years back, so nothing other tests left in the queue is due then: this run sees only these.
    const then = Date.parse("2010-06-01T00:00:00.000Z");
    for (const [i, id] of [...flood, mine].entries()) await ENV.DB.prepare("UPDATE payment_intents SET action_due_at = ? WHERE id = ?").bind(iso(then - HOUR + i * MIN), id).run();
    const taken = await reconcileExpiredActions(at(depsOf(ENV), then), { olderThanMs: MIN, limit: 2, budget: callBudget(40) });
    expect(taken.map((t) => t.id).sort()).toEqual([flood[0]!, mine].sort());
  });
});

describe("the due set is read from its index", () => {
  it("only the due range of payment_intents_action_due, no table scanned", async () => {
    const { db: recorded, seen } = recording();
    await expiredActions(recorded, { before: iso(Date.now() - MIN), now: iso(Date.now()), limit: 25 });
    expect(seen).toHaveLength(1);
    const steps = await plan(seen[0]!);
    expect(steps.filter((s) => /^SCAN payment_/.test(s))).toEqual([]);
    expect(steps.filter((s) => / USING (COVERING )?INDEX (?!sqlite_autoindex)/.test(s))).toEqual([expect.stringMatching(/^SEARCH payment_intents USING (COVERING )?INDEX payment_intents_action_due \(action_due_at>\? AND action_due_at<\?\)$/)]);
  });
});
