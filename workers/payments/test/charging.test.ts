import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { adyenConnector } from "../src/connectors/adyen";
import { stripeConnector } from "../src/connectors/stripe";
import { connectorsOf, depsOf, type Deps } from "../src/service/deps";
import type { ModResult } from "../src/connectors/types";
import { confirmIntent } from "../src/service/confirm";
import { reconcileModifications, reconcileRefunds, reconcileStuck } from "../src/service/reconcile";
import { captureIntent } from "../src/service/settle";
import { ENV, adyenNotifies, adyenWebhook, call, confirm, createIntent, json, newTenantId, resetSim, scenario, simCharges, stripeWebhook, until, type Intent, RETURN_URL } from "./helpers";

// One file for every test that changes the simulator's scenario: tests in it run one after another.
const CHAIN = [{ name: "stripe first", match: {}, route: { type: "chain", providers: ["stripe", "adyen"] } }];

async function tenantWithChain() {
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: CHAIN } }), 200);
  return tenant;
}

const succeeded = <T extends { status: string }>(items: T[]) => items.filter((c) => c.status === "succeeded" || c.status === "requires_capture");

beforeEach(resetSim);
afterAll(resetSim);

describe("confirm walks the chain", () => {
  it("charges once at the first provider when all is well", async () => {
    const tenant = await tenantWithChain();
    const intent = await createIntent(tenant);
    const done = await json<Intent>(await confirm(tenant, intent.id), 200);
    expect(done.status).toBe("succeeded");
    expect(done.attempts.map((a) => [a.provider, a.status])).toEqual([["stripe", "authorized"]]);
    expect(done.attempts[0]!.idempotencyKey).toBe(`${intent.id}:1`);
    expect(succeeded(await simCharges(intent.id))).toHaveLength(1);
  });

  it("falls back on an outage and on a soft decline; stops on a hard decline", async () => {
    const tenant = await tenantWithChain();
    await scenario({ stripe: { mode: "outage" } });
    const a = await json<Intent>(await confirm(tenant, (await createIntent(tenant)).id), 200);
    expect(a.attempts.map((x) => [x.provider, x.outcome])).toEqual([["stripe", "outage"], ["adyen", "success"]]);
    expect(a.status).toBe("succeeded");

    await scenario({ stripe: { mode: "soft_decline" } });
    const b = await json<Intent>(await confirm(tenant, (await createIntent(tenant)).id), 200);
    expect(b.attempts.map((x) => x.outcome)).toEqual(["soft", "success"]);

    await scenario({ stripe: { mode: "hard_decline" } });
    const c = await json<Intent>(await confirm(tenant, (await createIntent(tenant)).id), 200);
    expect(c.status).toBe("failed");
    expect(c.attempts.map((x) => [x.provider, x.outcome, x.status])).toEqual([["stripe", "hard", "declined"]]);
    expect(await simCharges(c.id)).toHaveLength(1); // adyen never asked

    const again = await confirm(tenant, c.id);
    expect(again.status).toBe(409);
  });

  it("after a timeout asks the same provider with the same key, and never charges elsewhere", async () => {
    const tenant = await tenantWithChain();
    await scenario({ stripe: { mode: "timeout", answerAfterMs: 4000 } });
    const intent = await createIntent(tenant);
    const done = await json<Intent>(await confirm(tenant, intent.id), 200);
    expect(done.status).toBe("succeeded");
    expect(done.attempts).toHaveLength(1);
    expect(done.route.trace.join("\n")).toMatch(/outcome unknown .* asking again with key/);
    const charges = await simCharges(intent.id);
    expect(charges).toHaveLength(1);
    expect(charges[0]!.provider).toBe("stripe");
  });

  it("after a 500 that followed a charge asks the same provider again, never falls back, and reconciliation reads the charge", async () => {
    const tenant = await tenantWithChain();
    await scenario({ stripe: { mode: "server_error" } });
    const intent = await createIntent(tenant);
    // Stripe saved the 500 as the key's answer: asking again gets it again, so the outcome stays unknown.
    const done = await json<Intent>(await confirm(tenant, intent.id), 200);
    expect(done.status).toBe("processing");
    expect(done.attempts.map((a) => [a.provider, a.status])).toEqual([["stripe", "unknown"]]);
    expect(done.route.trace.join("\n")).toMatch(/outcome unknown \(http_500\), asking again with key/);
    expect((await simCharges(intent.id)).map((c) => [c.provider, c.status])).toEqual([["stripe", "succeeded"]]);
    // Reconciliation asks again (the 500 once more), then reads the charge Stripe holds for the key.
    await scenario({});
    expect(await reconcileStuck(depsOf(ENV), { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([{ id: intent.id, outcome: "settled", status: "succeeded" }]);
    const settled = await json<Intent>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);
    expect([settled.status, settled.amountCaptured, settled.attempts[0]!.status]).toEqual(["succeeded", intent.amount, "authorized"]);
    expect(settled.route.trace.at(-1)).toMatch(/read by key .* \(asking again gave http_500\): authorized/);
    expect((await simCharges(intent.id)).map((c) => [c.provider, c.status])).toEqual([["stripe", "succeeded"]]);
  });

  it("falls back when a provider turns the charge away for its credentials (401), and health counts it as a failure", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "adyen", fallbacks: ["stripe"] } }] } }), 200);
    const intent = await createIntent(tenant);
    expect([intent.route.provider, ...intent.route.fallbacks]).toEqual(["adyen", "stripe"]);
    // The simulator's Adyen answers a call without an API key 401 `{"errorType":"security"}` and no resultCode.
    const d = depsOf(ENV);
    const keyless = adyenConnector({ baseUrl: ENV.ADYEN_API_BASE, secret: "", fetch: (input, init) => ENV.PROVIDER_SIM!.fetch(input as RequestInfo, init), timeoutMs: 10_000, merchantAccount: ENV.ADYEN_MERCHANT_ACCOUNT });
    const recorded: [string, boolean][] = [];
    const deps: Deps = { ...d, connectors: { ...d.connectors, adyen: keyless }, health: { ...d.health, record: async (p, o) => (recorded.push([p, o.reachable]), d.health.record(p, o)) } };
    const done = await confirmIntent(deps, tenant, intent.id, { returnUrl: RETURN_URL });
    expect([done.status, done.provider]).toEqual(["succeeded", "stripe"]);
    const seen = await json<Intent & { attempts: { code: string }[] }>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);
    expect(seen.attempts.map((a) => [a.provider, a.outcome, a.status])).toEqual([["adyen", "outage", "error"], ["stripe", "success", "authorized"]]);
    expect(seen.attempts[0]!.code).toMatch(/^http_401 security/);
    expect(recorded).toEqual([["adyen", false], ["stripe", true]]);
    expect((await simCharges(intent.id)).map((c) => [c.provider, c.status])).toEqual([["stripe", "succeeded"]]);
  });

  it("a request the provider refused for this tenant alone (Stripe's 400 amount_too_small) falls back but is no outage: the shared breaker does not count it", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "chain", providers: ["stripe", "adyen"] } }] } }), 200);
    const intent = await createIntent(tenant, { method: "card_visa" });
    const tooSmall = (async () => Response.json({ error: { type: "invalid_request_error", code: "amount_too_small" } }, { status: 400 })) as unknown as typeof fetch;
    const d = depsOf(ENV);
    const recorded: [string, boolean][] = [];
    const deps: Deps = {
      ...d,
      connectors: { ...d.connectors, stripe: stripeConnector({ baseUrl: "https://stripe.test", secret: "k", timeoutMs: 1000, fetch: tooSmall }) },
      health: { ...d.health, record: async (p, o) => (recorded.push([p, o.reachable]), d.health.record(p, o)) },
    };
    const done = await confirmIntent(deps, tenant, intent.id, { returnUrl: RETURN_URL });
    expect([done.status, done.provider]).toEqual(["succeeded", "adyen"]);
    expect(recorded).toEqual([["stripe", true], ["adyen", true]]);
  });

  it("a card decline at Adyen (Refused, not enough balance) still stops the chain: no fallback", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "adyen", fallbacks: ["stripe"] } }] } }), 200);
    await scenario({ adyen: { mode: "hard_decline" } });
    const declined = await json<Intent>(await confirm(tenant, (await createIntent(tenant)).id), 200);
    expect(declined.status).toBe("failed");
    expect(declined.attempts.map((a) => [a.provider, a.outcome, a.status])).toEqual([["adyen", "hard", "declined"]]);
    expect((await simCharges(declined.id)).map((c) => c.provider)).toEqual(["adyen"]); // stripe never asked
  });

  it("a confirm retried under the same Idempotency-Key replays the first answer; the OpenAPI document declares the header", async () => {
    const tenant = await tenantWithChain();
    const intent = await createIntent(tenant);
    const confirmWith = (key?: string) => confirm(tenant, intent.id, undefined, { key });
    const done = await json<Intent>(await confirmWith("confirm-once"), 200);
    expect(done.status).toBe("succeeded");
    // Its answer lost, the client retries: the same answer, not a 409 for the intent it moved on.
    const again = await confirmWith("confirm-once");
    expect([again.status, again.headers.get("idempotent-replayed")]).toEqual([200, "true"]);
    expect(await again.json()).toEqual(done);
    expect((await confirmWith()).status).toBe(409);
    expect((await confirmWith("confirm-other")).status).toBe(409);
    expect(succeeded(await simCharges(intent.id))).toHaveLength(1);

    type Doc = { paths: Record<string, { post: { parameters?: { name: string; in: string; required?: boolean }[] } }> };
    const doc = await json<Doc>(await call("/openapi.json"), 200);
    const header = { name: "idempotency-key", in: "header", required: false };
    expect(doc.paths["/v1/payments/intents/{id}/confirm"]!.post.parameters).toContainEqual(expect.objectContaining(header));
    expect(doc.paths["/v1/payments/intents/{id}/capture"]!.post.parameters).toContainEqual(expect.objectContaining(header));
    expect(doc.paths["/v1/payments/intents/{id}/cancel"]!.post.parameters).toContainEqual(expect.objectContaining(header));
  });

  it("a cancel retried under the same Idempotency-Key replays the first answer", async () => {
    const tenant = await tenantWithChain();
    const intent = await createIntent(tenant);
    const cancelWith = (key?: string) => call(`/v1/payments/intents/${intent.id}/cancel`, { method: "POST", tenant, key });
    const done = await json<Intent>(await cancelWith("cancel-once"), 200);
    expect(done.status).toBe("canceled");
    const again = await cancelWith("cancel-once");
    expect([again.status, again.headers.get("idempotent-replayed")]).toEqual([200, "true"]);
    expect(await again.json()).toEqual(done);
    expect((await cancelWith()).status).toBe(409);
  });

  it("a concurrent second confirm does not start a second chain", async () => {
    const tenant = await tenantWithChain();
    const intent = await createIntent(tenant);
    const answers = await Promise.all([confirm(tenant, intent.id), confirm(tenant, intent.id), confirm(tenant, intent.id)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(succeeded(await simCharges(intent.id))).toHaveLength(1);
  });

  it("opens the breaker after consecutive outages and then routes around the provider", async () => {
    const tenant = await tenantWithChain();
    await scenario({ stripe: { mode: "outage" } });
    for (let i = 0; i < 5; i++) await json(await confirm(tenant, (await createIntent(tenant)).id), 200);
    const providers = await json<{ items: { provider: string; circuit: string; successRate: number | null }[] }>(await call("/v1/payments/providers", { tenant }), 200);
    expect(providers.items.find((p) => p.provider === "stripe")!.circuit).toBe("open");
    const next = await createIntent(tenant);
    expect(next.route.provider).toBe("adyen");
    expect(next.route.trace.join("\n")).toMatch(/stripe circuit open/);
  });
});

describe("capture, cancel, refund", () => {
  it("captures part of a manual authorization, refunds within the capture, refuses more", async () => {
    const tenant = await tenantWithChain();
    const intent = await createIntent(tenant, { captureMethod: "manual" });
    const authorized = await json<Intent>(await confirm(tenant, intent.id), 200);
    expect(authorized.status).toBe("requires_capture");
    const over = await call(`/v1/payments/intents/${intent.id}/capture`, { method: "POST", tenant, json: { amountToCapture: 2501 } });
    expect(over.status).toBe(409);
    const captured = await json<Intent>(await call(`/v1/payments/intents/${intent.id}/capture`, { method: "POST", tenant, json: { amountToCapture: 2000 } }), 200);
    expect([captured.status, captured.amountCaptured]).toEqual(["succeeded", 2000]);

    const refund = (amount: number, key: string) => call(`/v1/payments/intents/${intent.id}/refunds`, { method: "POST", tenant, key, json: { amount } });
    await json(await refund(1500, "r1"), 200);
    const replay = await refund(1500, "r1");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect((await refund(501, "r2")).status).toBe(409);
    expect((await call(`/v1/payments/intents/${intent.id}/refunds`, { method: "POST", tenant, json: { amount: 1 } })).status).toBe(400);
    await json(await refund(500, "r3"), 200);
    const final = await json<Intent & { refunds: unknown[] }>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);
    expect([final.amountRefunded, final.refunds.length]).toEqual([2000, 2]);
    const [charge] = succeeded(await simCharges(intent.id));
    expect([charge!.captured, charge!.refunded]).toEqual([2000, 2000]);
  });

  it("a refund with no answer in time is pending with its amount held, a retry replays it, and reconciliation settles it once", async () => {
    const tenant = await tenantWithChain();
    const intent = await createIntent(tenant);
    expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("succeeded");
    // Stripe acts, but answers later than PROVIDER_TIMEOUT_MS (1.5 s), to the first call and to the ask again.
    await scenario({ stripe: { mode: "ok", latencyMs: 1700 } });
    const refund = () => call(`/v1/payments/intents/${intent.id}/refunds`, { method: "POST", tenant, key: "refund-once", json: { amount: 1000 } });
    const pending = await json<{ id: string; status: string }>(await refund(), 202);
    expect(Object.keys(pending).sort()).toEqual(["amount", "createdAt", "currency", "id", "intentId", "providerRef", "reason", "status"]);
    expect(pending.status).toBe("pending");
    const read = async () => json<Intent & { refunds: { status: string }[] }>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);
    expect((await read()).amountRefunded).toBe(1000);
    // Stripe's late answers: the refund is made once the first call's latency has passed. Waited for, not slept on.
    await until(async () => succeeded(await simCharges(intent.id))[0]?.refunded === 1000);
    await scenario({ stripe: { mode: "ok" } });
    const retried = await refund();
    expect([retried.status, retried.headers.get("idempotent-replayed")]).toEqual([202, "true"]);
    expect(await reconcileRefunds(depsOf(ENV), { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([{ id: pending.id, outcome: "succeeded" }]);
    const [charge] = succeeded(await simCharges(intent.id));
    expect(charge!.refunded).toBe(1000);
    const after = await read();
    expect([after.amountRefunded, after.refunds.map((r) => r.status)]).toEqual([1000, ["succeeded"]]);
  });

  it("a refund answered by a 500 Stripe replays stays pending until reconciliation finds it among the charge's refunds", async () => {
    const tenant = await tenantWithChain();
    const intent = await createIntent(tenant);
    expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("succeeded");
    await scenario({ stripe: { mode: "server_error" } });
    const pending = await json<{ id: string; status: string }>(await call(`/v1/payments/intents/${intent.id}/refunds`, { method: "POST", tenant, key: "refund-500", json: { amount: 900 } }), 202);
    expect(pending.status).toBe("pending");
    await scenario({});
    expect(await reconcileRefunds(depsOf(ENV), { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([{ id: pending.id, outcome: "succeeded" }]);
    const after = await json<Intent & { refunds: { status: string; providerRef: string | null }[] }>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);
    expect([after.amountRefunded, after.refunds[0]!.status, after.refunds[0]!.providerRef]).toEqual([900, "succeeded", expect.stringMatching(/^re_/)]);
    // The refund as the API documents it, and nothing of reconciliation's bookkeeping (its looks, waits, provider key).
    expect(Object.keys(after.refunds[0]!).sort()).toEqual(["amount", "createdAt", "currency", "id", "intentId", "providerRef", "reason", "status"]);
    expect(succeeded(await simCharges(intent.id))[0]!.refunded).toBe(900);
  });

  it("a refund Adyen turned away (502) and retried with the same Idempotency-Key is the one Adyen's REFUND settles", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "adyen" } }] } }), 200);
    const intent = await createIntent(tenant);
    expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("succeeded");
    const refund = () => call(`/v1/payments/intents/${intent.id}/refunds`, { method: "POST", tenant, key: "refund-after-502", json: { amount: 1000 } });
    type Seen = Intent & { refunds: { id: string; status: string }[] };
    const read = async () => json<Seen>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);

    await scenario({ adyen: { mode: "outage" } });
    expect((await refund()).status).toBe(502);
    expect((await read()).amountRefunded).toBe(0);
    await scenario({});
    const retried = await json<{ id: string; status: string }>(await refund(), 202);
    expect(retried.status).toBe("pending");
    // Two rows now, each under its own provider key: the first failed, the retry pending (what Adyen received).
    expect((await read()).refunds.map((r) => [r.id === retried.id, r.status])).toEqual([[false, "failed"], [true, "pending"]]);

    // Adyen's signed REFUND (merchantReference = the key) settles the retry, not the failed first try.
    expect(await adyenNotifies(intent.id, "success")).toEqual([200]);
    const settled = await read();
    expect([settled.amountRefunded, settled.refunds.map((r) => [r.id === retried.id, r.status])]).toEqual([1000, [[false, "failed"], [true, "succeeded"]]]);
    expect(await reconcileRefunds(depsOf(ENV), { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([]);
  });

  type Pending = Intent & { pending: { action: string; amount: number | null } | null };
  const capture = (tenant: string, id: string, amount?: number) =>
    call(`/v1/payments/intents/${id}/capture`, { method: "POST", tenant, ...(amount === undefined ? {} : { json: { amountToCapture: amount } }) });
  const cancel = (tenant: string, id: string) => call(`/v1/payments/intents/${id}/cancel`, { method: "POST", tenant });
  const reconcileMods = (tenantId: string, d = depsOf(ENV)) => reconcileModifications(d, { olderThanMs: 0, limit: 10, tenantId });
  const code = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];
  async function authorized(tenant: string) {
    const intent = await createIntent(tenant, { captureMethod: "manual" });
    expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("requires_capture");
    return intent;
  }

  it("a capture with no clear answer is pending (202), the only modification until reconciliation reads it done", async () => {
    const tenant = await tenantWithChain();
    const intent = await authorized(tenant);
    await scenario({ stripe: { mode: "server_error" } });
    const pending = await json<Pending>(await capture(tenant, intent.id, 1500), 202);
    expect([pending.status, pending.amountCaptured, pending.pending]).toEqual(["requires_capture", 0, { action: "capture", amount: 1500, since: expect.any(String) }]);
    // Nothing else may start while it may have happened: not a cancel, not a capture of another amount.
    expect(await code(await cancel(tenant, intent.id))).toEqual([409, "modification_pending"]);
    expect(await code(await capture(tenant, intent.id, 1000))).toEqual([409, "modification_pending"]);
    // Asking again (no amount: the pending one) goes with its key: Stripe replays its 500, still pending.
    expect((await json<Pending>(await capture(tenant, intent.id), 202)).pending?.amount).toBe(1500);
    await scenario({});
    expect(await reconcileMods(tenant)).toEqual([{ id: intent.id, action: "capture", outcome: "done" }]);
    const done = await json<Pending>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);
    expect([done.status, done.amountCaptured, done.pending]).toEqual(["succeeded", 1500, null]);
    expect((await simCharges(intent.id)).map((c) => [c.status, c.captured])).toEqual([["succeeded", 1500]]);
    expect(await reconcileMods(tenant)).toEqual([]);
  });

  it("a capture the provider never performed is let go by reconciliation, and a new one then captures", async () => {
    const tenant = await tenantWithChain();
    const intent = await authorized(tenant);
    // The call never reaches Stripe, and its answer is lost: pending, though nothing happened.
    const d = depsOf(ENV);
    const lost: ModResult = { ok: false, code: "timeout", message: "no answer in time", failure: "unknown" };
    const unreachable = { ...d, connectors: { ...d.connectors, stripe: { ...d.connectors.stripe, capture: async () => lost } } };
    expect(await captureIntent(unreachable, tenant, intent.id, 2500)).toEqual({ pending: true });
    // Reconciliation asks again (still lost), then reads the PaymentIntent: still capturable, so it never happened.
    expect(await reconcileMods(tenant, unreachable)).toEqual([{ id: intent.id, action: "capture", outcome: "released" }]);
    const released = await json<Pending>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);
    expect([released.status, released.pending]).toEqual(["requires_capture", null]);
    expect((await json<Pending>(await capture(tenant, intent.id), 200)).status).toBe("succeeded");
    expect((await simCharges(intent.id)).map((c) => [c.status, c.captured])).toEqual([["succeeded", 2500]]);
  });

  it("a cancel with no clear answer is pending; the provider's event or reconciliation settles it", async () => {
    const tenant = await tenantWithChain();
    const first = await authorized(tenant);
    const second = await authorized(tenant);
    await scenario({ stripe: { mode: "server_error" } });
    expect((await json<Pending>(await cancel(tenant, first.id), 202)).pending).toMatchObject({ action: "cancel", amount: null });
    expect((await json<Pending>(await cancel(tenant, second.id), 202)).pending).toMatchObject({ action: "cancel" });
    expect(await code(await capture(tenant, first.id))).toEqual([409, "modification_pending"]);
    await scenario({});
    // Stripe's event settles the first (and with it the pending cancel); reconciliation reads the second.
    const ref = (await json<Intent>(await call(`/v1/payments/intents/${first.id}`, { tenant }), 200)).attempts[0]!.providerRef!;
    const event = { id: `evt_${crypto.randomUUID()}`, type: "payment_intent.canceled", data: { object: { id: ref, metadata: { intent_id: first.id } } } };
    expect((await json<{ outcomes: string[] }>(await stripeWebhook(event), 200)).outcomes).toEqual(["applied"]);
    expect(await reconcileMods(tenant)).toEqual([{ id: second.id, action: "cancel", outcome: "done" }]);
    for (const id of [first.id, second.id]) {
      const now = await json<Pending>(await call(`/v1/payments/intents/${id}`, { tenant }), 200);
      expect([now.status, now.pending]).toEqual(["canceled", null]);
    }
    expect((await simCharges(second.id)).map((c) => c.status)).toEqual(["canceled"]);
  });

  it("cancels before confirmation; a canceled intent cannot be confirmed", async () => {
    const tenant = await tenantWithChain();
    const intent = await createIntent(tenant);
    expect((await json<Intent>(await call(`/v1/payments/intents/${intent.id}/cancel`, { method: "POST", tenant }), 200)).status).toBe("canceled");
    expect((await confirm(tenant, intent.id)).status).toBe(409);
  });
});

describe("amounts at Adyen, whose minor units differ from ISO 4217 for CLP, CVE, IDR and ISK", () => {
  const viaAdyen = async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "adyen" } }] } }), 200);
    return tenant;
  };

  it("charges, captures and refunds CLP 10,000 as Adyen's 1000000 (CLP 10,000.00), never as CLP 100.00", async () => {
    const tenant = await viaAdyen();
    const intent = await createIntent(tenant, { amount: 10_000, currency: "CLP", country: "CL", method: "card_visa", captureMethod: "manual" });
    expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("requires_capture");
    // Adyen only receives a capture or refund (202 here); its notification, in Adyen's units too, settles it.
    await json(await call(`/v1/payments/intents/${intent.id}/capture`, { method: "POST", tenant, json: { amountToCapture: 8_000 } }), 202);
    expect(await adyenNotifies(intent.id, "success")).toEqual([200]);
    const captured = await json<Intent>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);
    expect([captured.status, captured.amountCaptured]).toEqual(["succeeded", 8_000]);
    await json(await call(`/v1/payments/intents/${intent.id}/refunds`, { method: "POST", tenant, key: crypto.randomUUID(), json: { amount: 3_000 } }), 202);
    expect(await adyenNotifies(intent.id, "success")).toEqual([200]);
    expect((await json<Intent>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200)).amountRefunded).toBe(3_000);
    const [charge] = succeeded(await simCharges(intent.id)) as { amount?: number; captured: number; refunded: number }[];
    expect([charge!.amount, charge!.captured, charge!.refunded]).toEqual([1_000_000, 800_000, 300_000]);
  });

  it("charges IDR 15,000.00 as Adyen's 15000; a fraction of a rupiah Adyen cannot take falls back to Stripe", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "chain", providers: ["adyen", "stripe"] } }] } }), 200);
    const whole = await createIntent(tenant, { amount: 1_500_000, currency: "IDR", country: "ID", method: "card_visa" });
    const charged = await json<Intent>(await confirm(tenant, whole.id), 200);
    expect([charged.status, charged.provider, charged.amountCaptured]).toEqual(["succeeded", "adyen", 1_500_000]);
    expect((await simCharges(whole.id)).map((c) => (c as { amount?: number }).amount)).toEqual([15_000]);

    const fraction = await createIntent(tenant, { amount: 1_500_050, currency: "IDR", country: "ID", method: "card_visa" });
    const fellBack = await json<Intent>(await confirm(tenant, fraction.id), 200);
    expect([fellBack.status, fellBack.provider, fellBack.attempts.map((a) => a.outcome)]).toEqual(["succeeded", "stripe", ["soft", "success"]]);
    expect((await simCharges(fraction.id)).map((c) => [c.provider, (c as { amount?: number }).amount])).toEqual([["stripe", 1_500_050]]);
  });

  it("reads an Adyen CAPTURE notification's IDR value back into ISO minor units", async () => {
    const tenant = await viaAdyen();
    const intent = await createIntent(tenant, { amount: 1_500_000, currency: "IDR", country: "ID", method: "card_visa", captureMethod: "manual" });
    const authorized = await json<Intent>(await confirm(tenant, intent.id), 200);
    const psp = authorized.attempts[0]!.providerRef!;
    const ok = await adyenWebhook({
      pspReference: `cap_${psp}`, originalReference: psp, merchantAccountCode: "EcpLocalSim", merchantReference: intent.id,
      amount: { value: 15_000, currency: "IDR" }, eventCode: "CAPTURE", success: "true",
    });
    expect(ok.status).toBe(200);
    const now = await json<Intent>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);
    expect([now.status, now.amountCaptured]).toEqual(["succeeded", 1_500_000]);
  });
});

describe("amounts at Stripe, whose units differ from ISO 4217 for ISK and MGA and which refuses some", () => {
  const viaStripe = async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "chain", providers: ["stripe", "adyen"] } }] } }), 200);
    return tenant;
  };
  type SimCharge = { provider: string; amount?: number; captured: number; refunded: number };

  it("the Stripe connector charges, captures and refunds ISK 500 as Stripe's 50000 (two-decimal there), never as ISK 5", async () => {
    // No market offers ISK yet, so the connector is driven directly against the simulator's Stripe.
    const stripe = connectorsOf(ENV).stripe;
    const reference = `pi_test_${crypto.randomUUID()}`;
    const charged = await stripe.charge({ key: crypto.randomUUID(), reference, amount: 500, currency: "ISK", method: "card_visa", capture: "manual", returnUrl: null });
    expect(charged).toMatchObject({ kind: "authorized", captured: false });
    const ref = (charged as { ref: string }).ref;
    expect(await stripe.capture(ref, 300, "ISK", crypto.randomUUID())).toMatchObject({ ok: true });
    expect(await stripe.refund(ref, 100, "ISK", crypto.randomUUID())).toMatchObject({ ok: true });
    const charges = (await simCharges(reference)) as SimCharge[];
    expect(charges.map((c) => [c.provider, c.amount, c.captured, c.refunded])).toEqual([["stripe", 50_000, 30_000, 10_000]]);
  });

  it("an amount Stripe refuses (KWD not ending in 0, nine digits) falls back to Adyen without a call to Stripe", async () => {
    const tenant = await viaStripe();
    const odd = await createIntent(tenant, { amount: 5_125, currency: "KWD", country: "KW", method: "card_visa" });
    const fellBack = await json<Intent>(await confirm(tenant, odd.id), 200);
    expect([fellBack.status, fellBack.provider, fellBack.attempts.map((a) => a.outcome)]).toEqual(["succeeded", "adyen", ["soft", "success"]]);
    expect((await simCharges(odd.id)).map((c) => c.provider)).toEqual(["adyen"]);
    const even = await createIntent(tenant, { amount: 5_120, currency: "KWD", country: "KW", method: "card_visa" });
    expect((await json<Intent>(await confirm(tenant, even.id), 200)).provider).toBe("stripe");
    const huge = await createIntent(tenant, { amount: 100_000_000, currency: "USD", country: "US", method: "card_visa" });
    expect((await json<Intent>(await confirm(tenant, huge.id), 200)).provider).toBe("adyen");
  });
});

describe("amounts a provider cannot take, asked of the intent's own provider", () => {
  it("a refund or capture Stripe cannot take (KWD not ending in 0) is a 422 naming the field; nothing is reserved, claimed or sent", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "stripe" } }] } }), 200);
    type Seen = Intent & { refunds: unknown[]; pending: unknown };
    const read = async (id: string) => json<Seen>(await call(`/v1/payments/intents/${id}`, { tenant }), 200);
    const refused = async (res: Response, path: string) => {
      expect([res.status, res.headers.get("content-type")]).toEqual([422, "application/problem+json"]);
      expect(await res.json()).toMatchObject({ code: "amount_not_representable", errors: [{ path }] });
    };

    const paid = await createIntent(tenant, { amount: 10_000, currency: "KWD", country: "KW", method: "card_visa" });
    expect((await json<Intent>(await confirm(tenant, paid.id), 200)).provider).toBe("stripe");
    await refused(await call(`/v1/payments/intents/${paid.id}/refunds`, { method: "POST", tenant, key: crypto.randomUUID(), json: { amount: 1005 } }), "amount");
    expect(await read(paid.id)).toMatchObject({ amountRefunded: 0, refunds: [] });

    const held = await createIntent(tenant, { amount: 10_000, currency: "KWD", country: "KW", method: "card_visa", captureMethod: "manual" });
    expect((await json<Intent>(await confirm(tenant, held.id), 200)).status).toBe("requires_capture");
    await refused(await call(`/v1/payments/intents/${held.id}/capture`, { method: "POST", tenant, json: { amountToCapture: 1005 } }), "amountToCapture");
    expect(await read(held.id)).toMatchObject({ status: "requires_capture", amountCaptured: 0, pending: null });
    expect((await simCharges(paid.id)).map((c) => c.refunded)).toEqual([0]);
    expect((await simCharges(held.id)).map((c) => c.captured)).toEqual([0]);
  });

  it("a charge Stripe cannot take is never sent, so the shared provider health does not count it", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "chain", providers: ["stripe", "adyen"] } }] } }), 200);
    const odd = await createIntent(tenant, { amount: 5_125, currency: "KWD", country: "KW", method: "card_visa" });
    const d = depsOf(ENV);
    const recorded: string[] = [];
    const deps: Deps = { ...d, health: { ...d.health, record: async (p, o) => (recorded.push(p), d.health.record(p, o)) } };
    const done = await confirmIntent(deps, tenant, odd.id, { returnUrl: RETURN_URL });
    expect([done.status, done.provider]).toEqual(["succeeded", "adyen"]);
    expect(recorded).toEqual(["adyen"]);
  });

  it("a decline the provider did give counts in provider health whatever its code: only a charge never sent is left out", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "chain", providers: ["stripe", "adyen"] } }] } }), 200);
    const intent = await createIntent(tenant, { method: "card_visa" });
    // Stripe's own card decline that happens to carry the code our never-sent charges carry.
    const declining = (async () => Response.json({ error: { type: "card_error", code: "card_declined", decline_code: "amount_not_representable" } }, { status: 402 })) as unknown as typeof fetch;
    const d = depsOf(ENV);
    const recorded: string[] = [];
    const deps: Deps = {
      ...d,
      connectors: { ...d.connectors, stripe: stripeConnector({ baseUrl: "https://stripe.test", secret: "k", timeoutMs: 1000, fetch: declining }) },
      health: { ...d.health, record: async (p, o) => (recorded.push(p), d.health.record(p, o)) },
    };
    const done = await confirmIntent(deps, tenant, intent.id, { returnUrl: RETURN_URL });
    expect([done.status, recorded]).toEqual(["failed", ["stripe"]]);
  });
});

describe("webhooks", () => {
  it("a Stripe event settles a requires_action intent once; replays, bad or stale signatures and late events move nothing", async () => {
    const tenant = await tenantWithChain();
    await scenario({ stripe: { mode: "requires_action" } });
    const intent = await createIntent(tenant);
    const pending = await json<Intent>(await confirm(tenant, intent.id), 200);
    expect(pending.status).toBe("requires_action");
    const ref = pending.attempts[0]!.providerRef!;
    const event = (id: string, type: string) => ({ id, type, data: { object: { id: ref, amount_received: 2500, currency: "eur", metadata: { intent_id: intent.id } } } });

    expect((await stripeWebhook(event("evt_1", "payment_intent.succeeded"), { secret: "whsec_wrong" })).status).toBe(401);
    const stale = await stripeWebhook(event("evt_1", "payment_intent.succeeded"), { t: Math.floor(Date.now() / 1000) - 301 });
    expect([stale.status, ((await stale.json()) as { code: string }).code]).toEqual([401, "stale_signature"]);

    expect((await json<{ outcomes: string[] }>(await stripeWebhook(event("evt_1", "payment_intent.succeeded")), 200)).outcomes).toEqual(["applied"]);
    expect((await json<{ outcomes: string[] }>(await stripeWebhook(event("evt_1", "payment_intent.succeeded")), 200)).outcomes).toEqual(["duplicate"]);
    expect((await json<{ outcomes: string[] }>(await stripeWebhook(event("evt_2", "payment_intent.amount_capturable_updated")), 200)).outcomes).toEqual(["ignored"]);
    const now = await json<Intent>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);
    expect([now.status, now.amountCaptured]).toEqual(["succeeded", 2500]);
  });

  it("an Adyen notification with a valid HMAC settles the intent; a forged one is a 401", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "adyen" } }] } }), 200);
    await scenario({ adyen: { mode: "requires_action" } });
    const intent = await createIntent(tenant);
    const pending = await json<Intent>(await confirm(tenant, intent.id), 200);
    const item = {
      pspReference: pending.attempts[0]!.providerRef!, merchantAccountCode: "EcpLocalSim", merchantReference: intent.id,
      amount: { value: 2500, currency: "EUR" }, eventCode: "AUTHORISATION", success: "true",
    };
    const forged = await call("/v1/payments/webhooks/adyen", { method: "POST", json: { notificationItems: [{ NotificationRequestItem: { ...item, additionalData: { hmacSignature: btoa("x".repeat(32)) } } }] } });
    expect(forged.status).toBe(401);
    for (const notificationItems of [5, "x", {}, [null], [{ NotificationRequestItem: null }]]) {
      const malformed = await call("/v1/payments/webhooks/adyen", { method: "POST", json: { notificationItems } });
      expect([malformed.status, malformed.headers.get("content-type"), ((await malformed.json()) as { code: string }).code]).toEqual([400, "application/problem+json", "malformed_event"]);
    }
    const ok = await adyenWebhook(item);
    expect([ok.status, await ok.text()]).toEqual([200, "[accepted]"]);
    expect((await json<Intent>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200)).status).toBe("succeeded");
  });
});
