import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../src/index";
import { adyenConnector } from "../src/connectors/adyen";
import { stripeConnector } from "../src/connectors/stripe";
import { depsOf, iso } from "../src/service/deps";
import type { Connector, ModResult } from "../src/connectors/types";
import { confirmIntent } from "../src/service/confirm";
import type { Deps } from "../src/service/deps";
import { reconcileRefunds, reconcileStuck } from "../src/service/reconcile";
import { refundIntent } from "../src/service/settle";
import { applyEvent } from "../src/service/webhooks";
import { db } from "../src/store/db";
import { beginAttempt, completeAttempt, findIntent, moveIntent } from "../src/store/intents";
import { ENV, adyenWebhook, call, confirm, createIntent, json, newTenantId, resetSim, scenario, simCharges, stripeWebhook, type Intent, RETURN_URL } from "./helpers";

// Intents stuck in `processing`, made as a confirm that died leaves them, then reconciled against the simulator.
const deps = () => depsOf(ENV);
const AGO = () => iso(Date.now() - 120_000);
const run = (tenantId: string) => reconcileStuck(deps(), { olderThanMs: 60_000, limit: 10, tenantId });
const read = async (tenant: string, id: string) => json<Intent & { lastError: string | null; refunds: { id: string; status: string; amount: number; providerRef: string | null }[] }>(await call(`/v1/payments/intents/${id}`, { tenant }), 200);

/**
 * A confirm that claimed the intent two minutes ago and died: before recording any attempt, after recording
 * attempt 1 at stripe (`attempt`), and after stripe charged it too (`charged`: our Worker never heard back).
 */
async function stuck(tenant: string, at: "claimed" | "attempt" | "charged" | "declined", body: Record<string, unknown> = {}) {
  const d = deps();
  const created = await createIntent(tenant, body);
  const claimed = (await moveIntent(d.db, created.id, ["requires_confirmation"], { status: "processing" }, { tenantId: tenant, now: AGO() }))!;
  if (at === "claimed") return claimed;
  const key = `${created.id}:1`;
  expect(await beginAttempt(d.db, { intentId: created.id, attemptNo: 1, tenantId: tenant, provider: "stripe", idempotencyKey: key, status: at === "declined" ? "declined" : "pending", createdAt: AGO() }, claimed.version)).toBe(true);
  if (at === "charged") {
    const r = await d.connectors.stripe.charge({ key, reference: created.id, amount: claimed.amount, currency: claimed.currency, method: claimed.method, capture: claimed.captureMethod, returnUrl: null });
    expect(r.kind).toBe("authorized");
  }
  return claimed;
}

beforeEach(async () => {
  await resetSim();
});

describe("reconciling intents stuck in processing", () => {
  it("an attempt the provider charged becomes succeeded (automatic capture) with one charge, and the attempt records it", async () => {
    const tenant = newTenantId();
    const intent = await stuck(tenant, "charged");
    expect(await run(tenant)).toEqual([{ id: intent.id, outcome: "settled", status: "succeeded" }]);
    const now = await read(tenant, intent.id);
    expect(now).toMatchObject({ status: "succeeded", amountCaptured: 2500, provider: "stripe" });
    expect(now.attempts).toHaveLength(1);
    expect(now.attempts[0]).toMatchObject({ status: "authorized", outcome: "success" });
    expect(now.route.trace.at(-1)).toMatch(/^reconcile: attempt 1 stripe asked again with key/);
    expect(await simCharges(intent.id)).toHaveLength(1);
  });

  it("with manual capture it becomes requires_capture, nothing captured", async () => {
    const tenant = newTenantId();
    const intent = await stuck(tenant, "charged", { captureMethod: "manual" });
    await run(tenant);
    expect(await read(tenant, intent.id)).toMatchObject({ status: "requires_capture", amountCaptured: 0 });
    expect((await simCharges(intent.id)).map((c) => c.captured)).toEqual([0]);
  });

  it("an intent no provider was called for becomes failed, and a confirm still alive can no longer begin an attempt", async () => {
    const tenant = newTenantId();
    const claimed = await stuck(tenant, "claimed");
    expect(await run(tenant)).toEqual([{ id: claimed.id, outcome: "failed", status: "failed" }]);
    expect((await read(tenant, claimed.id)).lastError).toMatch(/before any provider was called/);
    expect(await simCharges(claimed.id)).toHaveLength(0);
    const late = await beginAttempt(deps().db, { intentId: claimed.id, attemptNo: 1, tenantId: tenant, provider: "stripe", idempotencyKey: `${claimed.id}:1`, status: "pending", createdAt: iso(Date.now()) }, claimed.version);
    expect(late).toBe(false);
  });

  it("a chain cut after a declined attempt becomes failed without asking anyone", async () => {
    const tenant = newTenantId();
    const intent = await stuck(tenant, "declined");
    await scenario({ stripe: { mode: "outage" } }); // asking would meet an outage: the rule does not ask
    expect(await run(tenant)).toEqual([{ id: intent.id, outcome: "failed", status: "failed" }]);
    expect(await simCharges(intent.id)).toHaveLength(0);
  });

  it("an attempt the provider never received is completed under its own key (the documented rule): one charge, at that provider", async () => {
    const tenant = newTenantId();
    const intent = await stuck(tenant, "attempt");
    expect(await simCharges(intent.id)).toHaveLength(0);
    await run(tenant);
    expect(await read(tenant, intent.id)).toMatchObject({ status: "succeeded", provider: "stripe" });
    expect((await simCharges(intent.id)).map((c) => c.provider)).toEqual(["stripe"]);
  });

  it("is idempotent when two runs race: one charge, one settlement, and a third run finds nothing", async () => {
    const tenant = newTenantId();
    const intent = await stuck(tenant, "charged");
    const [a, b] = await Promise.all([run(tenant), run(tenant)]);
    const outcomes = [...a, ...b].map((r) => r.outcome).sort();
    expect(outcomes.filter((o) => o === "settled")).toHaveLength(1);
    expect(outcomes.every((o) => o === "settled" || o === "already_settled")).toBe(true);
    expect(await read(tenant, intent.id)).toMatchObject({ status: "succeeded", amountCaptured: 2500 });
    expect(await simCharges(intent.id)).toHaveLength(1);
    expect(await run(tenant)).toEqual([]);
  });

  it("two racing runs over a never-received attempt still make one charge", async () => {
    const tenant = newTenantId();
    const intent = await stuck(tenant, "attempt");
    await Promise.all([run(tenant), run(tenant)]);
    expect((await read(tenant, intent.id)).status).toBe("succeeded");
    expect(await simCharges(intent.id)).toHaveLength(1);
  });

  it("holds an intent whose provider still gives no answer, and leaves recent ones alone", async () => {
    const tenant = newTenantId();
    const intent = await stuck(tenant, "attempt");
    await scenario({ stripe: { mode: "outage" } });
    expect(await run(tenant)).toEqual([{ id: intent.id, outcome: "held", status: "processing" }]);
    const held = await read(tenant, intent.id);
    expect(held.status).toBe("processing");
    expect(held.lastError).toMatch(/still unknown/);
    expect(await run(tenant)).toEqual([]); // the note moved it to the back of the queue
    const fresh = await createIntent(tenant);
    await moveIntent(deps().db, fresh.id, ["requires_confirmation"], { status: "processing" }, { tenantId: tenant, now: iso(Date.now()) });
    expect(await run(tenant)).toEqual([]);
  });

  it("past the provider's key window, Stripe's attempt is only read, never sent again: settled by what Stripe holds, or held", async () => {
    const tenant = newTenantId();
    const d = deps();
    const resent = async (): Promise<never> => {
      throw new Error("an attempt past its key window was sent again");
    };
    const readOnly: Deps = { ...d, connectors: { ...d.connectors, stripe: { ...d.connectors.stripe, charge: resent } } };
    /** The intent and its attempt two days old: past every provider's key window. */
    const twoDaysOld = async (id: string) => {
      const then = iso(Date.now() - 2 * 24 * 60 * 60 * 1000);
      await ENV.DB.batch([
        ENV.DB.prepare("UPDATE payment_attempts SET created_at = ? WHERE intent_id = ?").bind(then, id),
        ENV.DB.prepare("UPDATE payment_intents SET updated_at = ? WHERE id = ?").bind(then, id),
      ]);
    };
    const charged = await stuck(tenant, "charged");
    const neverReceived = await stuck(tenant, "attempt");
    for (const { id } of [charged, neverReceived]) await twoDaysOld(id);

    expect(await reconcileStuck(readOnly, { olderThanMs: 60_000, limit: 10, tenantId: tenant })).toEqual([
      { id: charged.id, outcome: "settled", status: "succeeded" },
      { id: neverReceived.id, outcome: "held", status: "processing" },
    ]);
    expect((await read(tenant, charged.id)).route.trace.at(-1)).toMatch(/^reconcile: attempt 1 stripe read by key \S+ \(past its key window: never sent again\): authorized/);
    expect(await simCharges(charged.id)).toHaveLength(1);
    // Stripe shows nothing for the other: it stays processing, and it is never charged afresh.
    expect(await simCharges(neverReceived.id)).toHaveLength(0);
  });

  it("runs from the cron trigger (scheduled handler)", async () => {
    const tenant = newTenantId();
    const intent = await stuck(tenant, "charged");
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), ENV, ctx);
    await waitOnExecutionContext(ctx);
    expect((await findIntent(deps().db, tenant, intent.id))!.status).toBe("succeeded");
  });
});

describe("refunds whose provider answer never came", () => {
  /** Deps whose refunds go through `refund` (given the real connector) at whichever provider charged. */
  const refundsVia = (refund: (real: Connector, ...args: Parameters<Connector["refund"]>) => Promise<ModResult>): Deps => {
    const d = deps();
    const wrap = (real: Connector): Connector => ({ ...real, refund: (...args) => refund(real, ...args) });
    return { ...d, connectors: { stripe: wrap(d.connectors.stripe), adyen: wrap(d.connectors.adyen) } };
  };
  const noAnswer: ModResult = { ok: false, code: "timeout", message: "no answer in time", failure: "unknown" };
  /** The refund reaches the provider; its answer is lost on the way back. */
  const answersLost = () => refundsVia(async (real, ...args) => (await real.refund(...args), noAnswer));
  const runRefunds = (tenantId: string, olderThanMs = 0) => reconcileRefunds(deps(), { olderThanMs, limit: 10, tenantId });

  /** Charged at Stripe, whose refund answers say done (Adyen's only say received: adyen-async.test.ts). */
  async function charged(tenant: string) {
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "stripe" } }] } }), 200);
    const intent = await createIntent(tenant);
    expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("succeeded");
    return intent;
  }

  it("stays pending with its amount held (it may have been paid out), and one run settles it once", async () => {
    const tenant = newTenantId();
    const intent = await charged(tenant);
    const refund = await refundIntent(answersLost(), tenant, intent.id, "refund-1", 1000);
    expect(refund.status).toBe("pending");
    const held = await read(tenant, intent.id);
    expect(held.amountRefunded).toBe(1000);
    expect(held.refunds).toMatchObject([{ id: refund.id, status: "pending", amount: 1000 }]);
    // Nothing more can be refunded than what is left beside the held amount.
    await expect(refundIntent(deps(), tenant, intent.id, "refund-2", 1501)).rejects.toThrow(/Cannot refund 1501/);

    expect(await runRefunds(tenant, 60_000)).toEqual([]); // too recent to ask about
    const [a, b] = await Promise.all([runRefunds(tenant), runRefunds(tenant)]);
    expect([...a, ...b].map((r) => r.outcome).sort()).toEqual(["already_settled", "succeeded"]);
    const settled = await read(tenant, intent.id);
    expect(settled.amountRefunded).toBe(1000);
    expect(settled.refunds).toMatchObject([{ id: refund.id, status: "succeeded" }]);
    expect(settled.refunds[0]!.providerRef).toEqual(expect.any(String));
    expect((await simCharges(intent.id)).map((c) => c.refunded)).toEqual([1000]);
    expect(await runRefunds(tenant)).toEqual([]);
  });

  it("a run that meets an outage leaves it pending; a refusal fails it and gives the amount back", async () => {
    const tenant = newTenantId();
    const intent = await charged(tenant);
    const refund = await refundIntent(refundsVia(async () => noAnswer), tenant, intent.id, "refund-3", 700);
    expect(refund.status).toBe("pending");
    await scenario({ stripe: { mode: "outage" }, adyen: { mode: "outage" } });
    expect(await runRefunds(tenant)).toEqual([{ id: refund.id, outcome: "held" }]);
    expect((await read(tenant, intent.id)).amountRefunded).toBe(700);
    await scenario({});
    const refusing = refundsVia(async () => ({ ok: false, code: "charge_disputed", message: "disputed", failure: "refused" }));
    expect(await reconcileRefunds(refusing, { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([{ id: refund.id, outcome: "failed" }]);
    const after = await read(tenant, intent.id);
    expect([after.amountRefunded, after.refunds[0]!.status]).toEqual([0, "failed"]);
    expect((await simCharges(intent.id)).map((c) => c.refunded)).toEqual([0]);
  });

  it("settles a pending refund from the provider's event, once: Stripe's succeeded, Adyen's failure gives the amount back", async () => {
    const tenant = newTenantId();
    const intent = await charged(tenant);
    const never = refundsVia(async () => noAnswer);
    // The key the refund was sent with, as the provider's event names it.
    const keyOf = async (refundId: string) => (await ENV.DB.prepare("SELECT provider_key AS k FROM payment_refunds WHERE id = ?").bind(refundId).first<{ k: string }>())!.k;

    const first = await refundIntent(never, tenant, intent.id, "refund-w1", 600);
    const stripeEvent = { id: `evt_${crypto.randomUUID()}`, type: "refund.updated", data: { object: { id: "re_w1", object: "refund", status: "succeeded", metadata: { refund_key: await keyOf(first.id) } } } };
    expect((await json<{ outcomes: string[] }>(await stripeWebhook(stripeEvent), 200)).outcomes).toEqual(["applied"]);
    expect((await json<{ outcomes: string[] }>(await stripeWebhook(stripeEvent), 200)).outcomes).toEqual(["duplicate"]);
    let now = await read(tenant, intent.id);
    expect(now.refunds.find((r) => r.id === first.id)).toMatchObject({ status: "succeeded", providerRef: "re_w1" });
    expect(now.amountRefunded).toBe(600);

    const second = await refundIntent(never, tenant, intent.id, "refund-w2", 400);
    expect((await read(tenant, intent.id)).amountRefunded).toBe(1000);
    const item = { pspReference: "RF-W2", originalReference: "PSP-X", merchantAccountCode: "EcpLocalSim", merchantReference: await keyOf(second.id), amount: { value: 400, currency: "EUR" }, eventCode: "REFUND", success: "false" };
    expect((await adyenWebhook(item)).status).toBe(200);
    now = await read(tenant, intent.id);
    expect(now.refunds.find((r) => r.id === second.id)!.status).toBe("failed");
    expect(now.amountRefunded).toBe(600);
    // A settled refund is not moved again, and reconciliation finds nothing left to ask about.
    expect((await adyenWebhook({ ...item, success: "true", pspReference: "RF-W2b" })).status).toBe(200);
    expect((await read(tenant, intent.id)).refunds.find((r) => r.id === second.id)!.status).toBe("failed");
    expect(await runRefunds(tenant)).toEqual([]);
  });

  it("a Stripe refund answered pending stays pending with its amount held, and reconciliation reads it succeeded", async () => {
    const tenant = newTenantId();
    const intent = await charged(tenant);
    // Stripe accepts the refund but has not paid it out yet: its answer, and the replay of it to a re-ask, say pending.
    const sim = ENV.PROVIDER_SIM!;
    const answersPending = (async (input: RequestInfo, init?: RequestInit) => {
      const res = await sim.fetch(input, init);
      if (init?.method !== "POST" || !String(input).endsWith("/v1/refunds") || !res.ok) return res;
      return Response.json({ ...(await res.json<Record<string, unknown>>()), status: "pending" }, { status: res.status });
    }) as unknown as typeof fetch;
    const stripe = stripeConnector({ baseUrl: ENV.STRIPE_API_BASE, secret: ENV.STRIPE_SECRET_KEY!, fetch: answersPending, timeoutMs: 10_000 });
    const d: Deps = { ...deps(), connectors: { ...deps().connectors, stripe } };

    const refund = await refundIntent(d, tenant, intent.id, "refund-pending", 800);
    expect([refund.status, refund.providerRef]).toEqual(["pending", null]);
    expect(await read(tenant, intent.id)).toMatchObject({ amountRefunded: 800, refunds: [{ id: refund.id, status: "pending" }] });
    expect(await reconcileRefunds(d, { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([{ id: refund.id, outcome: "succeeded" }]);
    const settled = await read(tenant, intent.id);
    expect([settled.amountRefunded, settled.refunds[0]!.status, settled.refunds[0]!.providerRef]).toEqual([800, "succeeded", expect.stringMatching(/^re_/)]);
    expect((await simCharges(intent.id)).map((c) => c.refunded)).toEqual([800]);
  });

  // Adyen's, which have no read, leave the queue for review: reconcile-queue.test.ts.
  describe("past the provider's key window", () => {
    const DAY = 24 * 60 * 60 * 1000;
    /** Moves a refund's creation back `ms` (one made two days ago is past every key window). */
    const age = (id: string, ms: number) => ENV.DB.prepare("UPDATE payment_refunds SET created_at = ? WHERE id = ?").bind(iso(Date.now() - ms), id).run();
    /** Deps that fail the test if a refund is sent again. */
    const readOnly = (): Deps =>
      refundsVia(async () => {
        throw new Error("a refund past its key window was sent again");
      });
    const runOld = (tenantId: string, d: Deps, limit = 10) => reconcileRefunds(d, { olderThanMs: 0, limit, tenantId });

    it("a Stripe refund still pending is read, never sent again, and settled by what Stripe holds", async () => {
      const tenant = newTenantId();
      const intent = await charged(tenant);
      const refund = await refundIntent(answersLost(), tenant, intent.id, "refund-old", 900);
      await age(refund.id, 2 * DAY);
      expect(await runOld(tenant, readOnly())).toEqual([{ id: refund.id, outcome: "succeeded" }]);
      const settled = await read(tenant, intent.id);
      expect([settled.amountRefunded, settled.refunds[0]!.status, settled.refunds[0]!.providerRef]).toEqual([900, "succeeded", expect.stringMatching(/^re_/)]);
      expect((await simCharges(intent.id)).map((c) => c.refunded)).toEqual([900]);
    });

    it("each run reads at most its batch, in turn: one looked at and still pending goes to the back, a new one takes its place by its age", async () => {
      const tenant = newTenantId();
      const intent = await charged(tenant);
      // Refunds Stripe never received: a read finds nothing, so each stays pending run after run.
      const lost = async (n: number, daysAgo: number) => {
        const r = await refundIntent(refundsVia(async () => noAnswer), tenant, intent.id, `refund-lost-${n}`, 100);
        await age(r.id, daysAgo * DAY);
        return r.id;
      };
      // Past the key window, inside the bound past which a read still unclear sends it to review (reconcile-unclear.test.ts).
      const [a, b, c] = [await lost(1, 6), await lost(2, 5), await lost(3, 4)];
      const batch = async () => (await runOld(tenant, readOnly(), 2)).map((r) => [r.id, r.outcome]);
      expect(await batch()).toEqual([[a, "held"], [b, "held"]]);
      expect(await batch()).toEqual([[c, "held"], [a, "held"]]);
      expect(await batch()).toEqual([[b, "held"], [c, "held"]]);
      // A newer one, never looked at but made before every look so far, is read next, ahead of every one read before.
      const d = await lost(4, 2);
      expect(await batch()).toEqual([[d, "held"], [a, "held"]]);
      expect(await batch()).toEqual([[b, "held"], [c, "held"]]);
      expect((await read(tenant, intent.id)).amountRefunded).toBe(400);
    });
  });

  it("a refund turned away by an outage is a 502 that changed nothing", async () => {
    const tenant = newTenantId();
    const intent = await charged(tenant);
    await scenario({ stripe: { mode: "outage" }, adyen: { mode: "outage" } });
    const turnedAway = await call(`/v1/payments/intents/${intent.id}/refunds`, { method: "POST", tenant, key: "r-503", json: { amount: 300 } });
    expect(turnedAway.status).toBe(502);
    expect(((await turnedAway.json()) as { detail: string }).detail).toMatch(/Nothing was changed/);
    expect((await read(tenant, intent.id)).amountRefunded).toBe(0);
  });
});

describe("a provider event whose apply fails", () => {
  /** The database, but the next UPDATE of an intent fails as a D1 hiccup would. */
  function failingOnce(): Deps {
    let armed = true;
    const d1 = new Proxy(ENV.DB, {
      get(target, prop) {
        if (prop === "prepare") {
          return (query: string) => {
            if (armed && /^update "payment_intents"/i.test(query)) {
              armed = false;
              throw new Error("D1_ERROR: network connection lost");
            }
            return target.prepare(query);
          };
        }
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return { ...deps(), db: db(d1) };
  }

  it("is not remembered as delivered: the provider's retry applies it", async () => {
    const tenant = newTenantId();
    // Attempt 1 at stripe timed out; stripe's event about it comes (its reference: our intent id).
    const intent = await stuck(tenant, "attempt");
    await completeAttempt(deps().db, intent.id, 1, { status: "unknown", code: "timeout", outcome: "unknown" });
    const event = { provider: "stripe" as const, eventId: `evt_${crypto.randomUUID()}`, ref: `pi_${crypto.randomUUID()}`, reference: intent.id, to: "succeeded" as const, amount: 2500 };

    await expect(applyEvent(failingOnce(), event)).rejects.toThrow(/network connection lost/);
    // Stripe retries a delivery that was not answered 2xx.
    expect(await applyEvent(deps(), event)).toBe("applied");
    expect(await read(tenant, intent.id)).toMatchObject({ status: "succeeded", amountCaptured: 2500 });
    expect(await applyEvent(deps(), event)).toBe("duplicate");
  });
});

describe("a provider event that loses a race for the intent", () => {
  /** The database, but each UPDATE of an intent first waits for `meanwhile` (another writer's turn) before it runs. */
  function racing(meanwhile: () => Promise<unknown>): Deps {
    const delayed = (stmt: D1PreparedStatement): D1PreparedStatement =>
      new Proxy(stmt, {
        get(target, prop) {
          const value = Reflect.get(target, prop) as unknown;
          if (prop === "bind") return (...args: unknown[]) => delayed(target.bind(...args));
          if (typeof value !== "function") return value;
          const run = (value as (...args: unknown[]) => unknown).bind(target);
          return ["all", "run", "raw", "first"].includes(String(prop)) ? async (...args: unknown[]) => (await meanwhile(), run(...args)) : run;
        },
      });
    const d1 = new Proxy(ENV.DB, {
      get(target, prop) {
        if (prop === "prepare") return (query: string) => (/^update "payment_intents"/i.test(query) ? delayed(target.prepare(query)) : target.prepare(query));
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return { ...deps(), db: db(d1) };
  }

  it("is read again and applied: Adyen's AUTHORISATION for a Pending method, racing confirm's last update", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "adyen" } }] } }), 200);
    const intent = await createIntent(tenant);
    // Adyen answers the charge Pending (pix, boleto, konbini…): asking again says Pending too, only its notification settles it.
    const psp = `PSP${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
    const pending = adyenConnector({ baseUrl: "https://adyen.test", secret: "k", merchantAccount: "M", timeoutMs: 1000, fetch: (async () => Response.json({ pspReference: psp, resultCode: "Pending" })) as unknown as typeof fetch });
    // Confirm is held after recording the attempt unknown, before its last update of the intent (the trace).
    let reached!: () => void;
    let release!: () => void;
    const atHealth = new Promise<void>((r) => (reached = r));
    const held = new Promise<void>((r) => (release = r));
    const d = deps();
    const confirming = confirmIntent({ ...d, connectors: { ...d.connectors, adyen: pending }, health: { ...d.health, record: async () => (reached(), held) } }, tenant, intent.id, { returnUrl: RETURN_URL });
    await atHealth;

    // The event reads the intent; before its update runs, confirm makes its last update (a new version).
    let first = true;
    const confirmFirst = async () => {
      if (!first) return;
      first = false;
      release();
      expect((await confirming).status).toBe("processing");
    };
    const event = { provider: "adyen" as const, eventId: `AUTHORISATION:${psp}:true`, ref: psp, reference: intent.id, to: "authorized" as const, amount: intent.amount };
    expect(await applyEvent(racing(confirmFirst), event)).toBe("applied");
    const now = await read(tenant, intent.id);
    expect([now.status, now.amountCaptured, now.attempts.map((a) => [a.provider, a.status, a.providerRef])]).toEqual(["succeeded", intent.amount, [["adyen", "authorized", psp]]]);
    expect(now.route.trace.join("\n")).toMatch(/attempt 1 adyen: unknown \(Pending\)/);
  });

  it("that keeps losing is not applied nor kept as delivered (a 503): the provider's redelivery applies it", async () => {
    const tenant = newTenantId();
    const intent = await stuck(tenant, "attempt");
    await completeAttempt(deps().db, intent.id, 1, { status: "unknown", code: "timeout", outcome: "unknown" });
    const event = { provider: "stripe" as const, eventId: `evt_${crypto.randomUUID()}`, ref: `pi_${crypto.randomUUID()}`, reference: intent.id, to: "succeeded" as const, amount: 2500 };
    // Another writer moves the intent before every update the event tries.
    const busy = racing(() => moveIntent(deps().db, intent.id, ["processing"], {}, { now: iso(Date.now()) }));
    await expect(applyEvent(busy, event)).rejects.toMatchObject({ status: 503, code: "intent_busy" });
    expect((await read(tenant, intent.id)).status).toBe("processing");
    expect(await applyEvent(deps(), event)).toBe("applied");
    expect(await read(tenant, intent.id)).toMatchObject({ status: "succeeded", amountCaptured: 2500 });
  });
});
