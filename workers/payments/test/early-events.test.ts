import { describe, expect, it } from "vitest";
import type { ChargeResult, Connector } from "../src/connectors/types";
import { IN_FLIGHT_MS } from "../src/domain/event-attempt";
import { confirmIntent } from "../src/service/confirm";
import { depsOf, iso } from "../src/service/deps";
import { beginAttempt, moveIntent } from "../src/store/intents";
import { ENV, adyenWebhook, call, createIntent, json, newTenantId, stripeWebhook, type Intent, RETURN_URL } from "./helpers";

// Provider events that come before the platform has recorded the charge they are about.

const routedTo = async (provider: "stripe" | "adyen") => {
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider } }] } }), 200);
  return { tenant, intent: await createIntent(tenant) };
};

/**
 * A confirm held inside its provider call (the attempt recorded, its answer not yet): `answer` lets the
 * provider answer `result`, and resolves to the confirmed intent.
 */
async function confirmInFlight(provider: "stripe" | "adyen", tenant: string, id: string, result: ChargeResult) {
  let called!: () => void;
  let release!: () => void;
  const inCall = new Promise<void>((r) => (called = r));
  const answered = new Promise<void>((r) => (release = r));
  const d = depsOf(ENV);
  const held: Connector = { ...d.connectors[provider], charge: async () => (called(), await answered, result) };
  const confirming = confirmIntent({ ...d, connectors: { ...d.connectors, [provider]: held } }, tenant, id, { returnUrl: RETURN_URL });
  await inCall;
  return { answer: () => (release(), confirming) };
}

const delivered = async (provider: string, eventId: string) =>
  (await ENV.DB.prepare("SELECT count(*) AS n FROM payment_webhook_events WHERE provider = ? AND event_id = ?").bind(provider, eventId).first<{ n: number }>())!.n;
const read = async (tenant: string, id: string) => json<Intent>(await call(`/v1/payments/intents/${id}`, { tenant }), 200);

describe("an event about a charge whose attempt is still in flight", () => {
  it("is a 503, not kept as delivered: Adyen's redelivery settles a charge its answer left Pending", async () => {
    const { tenant, intent } = await routedTo("adyen");
    const flight = await confirmInFlight("adyen", tenant, intent.id, { kind: "unknown", code: "Pending" });
    const psp = `PSP${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
    const item = { pspReference: psp, merchantAccountCode: "EcpLocalSim", merchantReference: intent.id, amount: { value: 2500, currency: "EUR" }, eventCode: "AUTHORISATION", success: "true" };

    const early = await adyenWebhook(item);
    expect([early.status, early.headers.get("content-type")]).toEqual([503, "application/problem+json"]);
    expect(((await early.json()) as { code: string }).code).toBe("charge_in_flight");
    // Delivered again while still in flight: the same answer, and still nothing written.
    expect((await adyenWebhook(item)).status).toBe(503);
    expect(await delivered("adyen", `AUTHORISATION:${psp}:true`)).toBe(0);

    expect((await flight.answer()).status).toBe("processing");
    const again = await adyenWebhook(item);
    expect([again.status, await again.text()]).toEqual([200, "[accepted]"]);
    const now = await read(tenant, intent.id);
    expect([now.status, now.attempts.map((a) => [a.status, a.providerRef])]).toEqual(["succeeded", [["authorized", psp]]]);
  });

  it("a Stripe event that moves nothing (payment_intent.created) is accepted at once; one that moves the intent waits for the attempt", async () => {
    const { tenant, intent } = await routedTo("stripe");
    const pi = `pi_${crypto.randomUUID().replace(/-/g, "")}`;
    const flight = await confirmInFlight("stripe", tenant, intent.id, { kind: "authorized", ref: pi, captured: true, code: "succeeded" });
    const event = (type: string) => ({ id: `evt_${crypto.randomUUID()}`, type, data: { object: { id: pi, amount_received: 2500, currency: "eur", metadata: { intent_id: intent.id } } } });

    expect((await json<{ outcomes: string[] }>(await stripeWebhook(event("payment_intent.created")), 200)).outcomes).toEqual(["ignored"]);
    const succeeded = event("payment_intent.succeeded");
    expect((await stripeWebhook(succeeded)).status).toBe(503);
    expect(await delivered("stripe", succeeded.id)).toBe(0);

    expect((await flight.answer()).status).toBe("succeeded");
    expect((await json<{ outcomes: string[] }>(await stripeWebhook(succeeded), 200)).outcomes).toEqual(["ignored"]);
  });
});

describe("an event about an attempt whose confirm died before recording its answer", () => {
  it("settles it, as an event about an unknown outcome does, once the attempt is older than any confirm waits", async () => {
    const { tenant, intent } = await routedTo("stripe");
    const d = depsOf(ENV);
    const claimed = (await moveIntent(d.db, intent.id, ["requires_confirmation"], { status: "processing" }, { tenantId: tenant, now: iso(Date.now() - IN_FLIGHT_MS - 1000) }))!;
    const begun = { intentId: intent.id, attemptNo: 1, tenantId: tenant, provider: "stripe", idempotencyKey: `${intent.id}:1`, status: "pending" as const, createdAt: iso(Date.now() - IN_FLIGHT_MS - 1000) };
    expect(await beginAttempt(d.db, begun, claimed.version)).toBe(true);
    const pi = `pi_${crypto.randomUUID().replace(/-/g, "")}`;
    const event = { id: `evt_${crypto.randomUUID()}`, type: "payment_intent.succeeded", data: { object: { id: pi, amount_received: 2500, currency: "eur", metadata: { intent_id: intent.id } } } };

    expect((await json<{ outcomes: string[] }>(await stripeWebhook(event), 200)).outcomes).toEqual(["applied"]);
    const now = await read(tenant, intent.id);
    expect([now.status, now.amountCaptured, now.attempts.map((a) => [a.status, a.providerRef])]).toEqual(["succeeded", 2500, [["authorized", pi]]]);
  });
});

describe("an event the platform cannot match", () => {
  it("with no reference of ours, or one naming no intent of ours, is accepted and kept: a replay is a duplicate", async () => {
    const foreign = { id: `evt_${crypto.randomUUID()}`, type: "payment_intent.succeeded", data: { object: { id: `pi_${crypto.randomUUID()}`, amount_received: 100, currency: "eur" } } };
    expect((await json<{ outcomes: string[] }>(await stripeWebhook(foreign), 200)).outcomes).toEqual(["unknown_payment"]);
    expect((await json<{ outcomes: string[] }>(await stripeWebhook(foreign), 200)).outcomes).toEqual(["duplicate"]);
    const elsewhere = { ...foreign, id: `evt_${crypto.randomUUID()}`, data: { object: { ...foreign.data.object, metadata: { intent_id: "pi_not_ours" } } } };
    expect((await json<{ outcomes: string[] }>(await stripeWebhook(elsewhere), 200)).outcomes).toEqual(["unknown_payment"]);
  });

  it("about an attempt whose answer was recorded under another reference is accepted and kept", async () => {
    const { tenant, intent } = await routedTo("stripe");
    // Stripe declined without naming a PaymentIntent; its later event names one the attempt never learnt.
    const flight = await confirmInFlight("stripe", tenant, intent.id, { kind: "declined", ref: null, code: "insufficient_funds", soft: false });
    expect((await flight.answer()).status).toBe("failed");
    const event = { id: `evt_${crypto.randomUUID()}`, type: "payment_intent.payment_failed", data: { object: { id: `pi_${crypto.randomUUID()}`, metadata: { intent_id: intent.id } } } };
    expect((await json<{ outcomes: string[] }>(await stripeWebhook(event), 200)).outcomes).toEqual(["unknown_payment"]);
    expect(await delivered("stripe", event.id)).toBe(1);
  });
});
