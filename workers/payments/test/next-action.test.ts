import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { adyenConnector } from "../src/connectors/adyen";
import { stripeConnector } from "../src/connectors/stripe";
import type { Connector, Transport } from "../src/connectors/types";
import type { NextAction } from "../src/domain/next-action";
import { confirmIntent } from "../src/service/confirm";
import { depsOf, type Deps } from "../src/service/deps";
import { reconcileStuck } from "../src/service/reconcile";
import { ENV, RETURN_URL, adyenWebhook, call, confirm, createIntent, json, newTenantId, resetSim, scenario, simCharges, stripeWebhook, type Intent } from "./helpers";

// What the buyer must do (a redirect to their bank, a QR code), kept from the provider's answer and shown on the intent
// while it is requires_action, through the Worker against the simulator's Stripe and Adyen (their wire shapes).

type Seen = Intent & { nextAction: NextAction | null; lastError: string | null };
type Problem = { code: string; errors?: { path: string; message: string }[] };

beforeEach(resetSim);
afterAll(resetSim);

/** A tenant whose payments go to `provider` alone, the simulator there asking for the buyer's step. */
async function awaitingBuyerAt(provider: "stripe" | "adyen") {
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider } }] } }), 200);
  await scenario({ [provider]: { mode: "requires_action" } });
  return tenant;
}

const read = (tenant: string, id: string) => call(`/v1/payments/intents/${id}`, { tenant }).then((r) => json<Seen>(r, 200));
/** The stored column itself: cleared means gone, not merely hidden by the view. */
const storedAction = async (id: string) => (await ENV.DB.prepare("SELECT next_action FROM payment_intents WHERE id = ?").bind(id).first<{ next_action: string | null }>())!.next_action;

describe("a redirect method confirmed with a returnUrl", () => {
  it("at Stripe: requires_action with Stripe's redirect URL and our returnUrl, on the confirm's answer and GET alike", async () => {
    const tenant = await awaitingBuyerAt("stripe");
    const intent = await createIntent(tenant);
    const done = await json<Seen>(await confirm(tenant, intent.id), 200);
    const pi = done.attempts[0]!.providerRef!;
    expect(done.status).toBe("requires_action");
    expect(done.nextAction).toEqual({ type: "redirect_to_url", url: `https://hooks.stripe.sim/redirect/${pi}`, method: "GET", returnUrl: RETURN_URL });
    expect((await read(tenant, intent.id)).nextAction).toEqual(done.nextAction);
    const listed = await json<{ items: Seen[] }>(await call("/v1/payments/intents", { tenant }), 200);
    expect(listed.items.find((i) => i.id === intent.id)!.nextAction).toEqual(done.nextAction);
  });

  it("at Adyen: requires_action with Adyen's redirect (RedirectShopper) and our returnUrl", async () => {
    const tenant = await awaitingBuyerAt("adyen");
    const intent = await createIntent(tenant);
    const done = await json<Seen>(await confirm(tenant, intent.id), 200);
    expect(done.status).toBe("requires_action");
    expect(done.nextAction).toEqual({ type: "redirect_to_url", url: `https://checkoutshopper-test.adyen.sim/redirect/${done.attempts[0]!.providerRef}`, method: "GET", returnUrl: RETURN_URL });
  });

  it("a retry under the same Idempotency-Key and body replays it; another returnUrl under that key is a 409; one charge", async () => {
    const tenant = await awaitingBuyerAt("stripe");
    const intent = await createIntent(tenant);
    const first = await json<Seen>(await confirm(tenant, intent.id, { returnUrl: RETURN_URL }, { key: "pay-1" }), 200);
    const again = await confirm(tenant, intent.id, { returnUrl: RETURN_URL }, { key: "pay-1" });
    expect([again.status, again.headers.get("idempotent-replayed")]).toEqual([200, "true"]);
    expect(((await again.json()) as Seen).nextAction).toEqual(first.nextAction);
    const other = await confirm(tenant, intent.id, { returnUrl: "https://shop.example/elsewhere" }, { key: "pay-1" });
    expect([other.status, ((await other.json()) as Problem).code]).toEqual([409, "idempotency_key_reused"]);
    expect(await simCharges(intent.id)).toHaveLength(1);
  });
});

describe("a returnUrl missing or unfit", () => {
  it("a redirect method without one is a 400 naming returnUrl, before any provider call; the key is given back for the corrected request", async () => {
    const tenant = await awaitingBuyerAt("stripe");
    const intent = await createIntent(tenant);
    for (const body of [{}, undefined]) {
      const res = body ? await confirm(tenant, intent.id, body, { key: "pay-2" }) : await call(`/v1/payments/intents/${intent.id}/confirm`, { method: "POST", tenant, key: "pay-2" });
      const problem = await json<Problem>(res, 400);
      expect([problem.code, problem.errors]).toEqual(["return_url_required", [{ path: "returnUrl", message: "required for ideal" }]]);
    }
    const untouched = await read(tenant, intent.id);
    expect([untouched.status, untouched.attempts]).toEqual(["requires_confirmation", []]);
    expect(await simCharges(intent.id)).toEqual([]);
    expect((await json<Seen>(await confirm(tenant, intent.id, { returnUrl: RETURN_URL }, { key: "pay-2" }), 200)).status).toBe("requires_action");
  });

  it("one that is not https (but on localhost), or sent under Stripe's name return_url, is a 400 naming it", async () => {
    const tenant = newTenantId();
    const intent = await createIntent(tenant);
    for (const [body, path] of [
      [{ returnUrl: "http://shop.example/return" }, "returnUrl"],
      [{ returnUrl: "javascript:alert(1)" }, "returnUrl"],
      [{ returnUrl: `https://shop.example/${"a".repeat(2048)}` }, "returnUrl"],
      [{ return_url: RETURN_URL }, ""],
    ] as const) {
      const problem = await json<Problem>(await confirm(tenant, intent.id, body as { returnUrl?: string }), 400);
      expect(problem.code).toBe("validation_failed");
      expect(problem.errors!.map((e) => e.path)).toEqual([path]);
      if (path === "") expect(problem.errors![0]!.message).toMatch(/return_url/);
    }
    expect((await read(tenant, intent.id)).status).toBe("requires_confirmation");
    expect((await json<Seen>(await confirm(tenant, intent.id, { returnUrl: "http://localhost:8788/checkout/done" }), 200)).status).toBe("succeeded");
  });

  it("a method that does not redirect needs none", async () => {
    const tenant = newTenantId();
    const intent = await createIntent(tenant, { method: "card_visa" });
    const done = await json<Seen>(await confirm(tenant, intent.id, {}), 200);
    expect([done.status, done.nextAction]).toEqual(["succeeded", null]);
  });
});

describe("nextAction leaves with requires_action", () => {
  it("Stripe's payment_intent.succeeded clears it, in the stored row too", async () => {
    const tenant = await awaitingBuyerAt("stripe");
    const intent = await createIntent(tenant);
    const pending = await json<Seen>(await confirm(tenant, intent.id), 200);
    expect(await storedAction(intent.id)).not.toBeNull();
    const pi = pending.attempts[0]!.providerRef!;
    const event = { id: `evt_${crypto.randomUUID()}`, type: "payment_intent.succeeded", data: { object: { id: pi, object: "payment_intent", status: "succeeded", amount_received: 2500, currency: "eur", metadata: { intent_id: intent.id } } } };
    expect((await json<{ outcomes: string[] }>(await stripeWebhook(event), 200)).outcomes).toEqual(["applied"]);
    const now = await read(tenant, intent.id);
    expect([now.status, now.nextAction]).toEqual(["succeeded", null]);
    expect(await storedAction(intent.id)).toBeNull();
  });

  it("Adyen's AUTHORISATION (success or not) clears it", async () => {
    for (const success of ["true", "false"]) {
      const tenant = await awaitingBuyerAt("adyen");
      const intent = await createIntent(tenant);
      const psp = (await json<Seen>(await confirm(tenant, intent.id), 200)).attempts[0]!.providerRef!;
      const item = { pspReference: psp, merchantAccountCode: "EcpLocalSim", merchantReference: intent.id, amount: { value: 2500, currency: "EUR" }, eventCode: "AUTHORISATION", success };
      expect((await adyenWebhook(item)).status).toBe(200);
      const now = await read(tenant, intent.id);
      expect([now.status, now.nextAction]).toEqual([success === "true" ? "succeeded" : "failed", null]);
      expect(await storedAction(intent.id)).toBeNull();
    }
  });

  it("a cancel clears it", async () => {
    const tenant = await awaitingBuyerAt("stripe");
    const intent = await createIntent(tenant);
    await json<Seen>(await confirm(tenant, intent.id), 200);
    const canceled = await json<Seen>(await call(`/v1/payments/intents/${intent.id}/cancel`, { method: "POST", tenant }), 200);
    expect([canceled.status, canceled.nextAction]).toEqual(["canceled", null]);
    expect(await storedAction(intent.id)).toBeNull();
  });
});

describe("another tenant", () => {
  it("cannot read the action, list it, or confirm the intent", async () => {
    const tenant = await awaitingBuyerAt("stripe");
    const intent = await createIntent(tenant);
    expect((await json<Seen>(await confirm(tenant, intent.id), 200)).nextAction).not.toBeNull();
    const other = newTenantId();
    expect((await call(`/v1/payments/intents/${intent.id}`, { tenant: other })).status).toBe(404);
    expect((await json<{ items: Seen[] }>(await call("/v1/payments/intents", { tenant: other }), 200)).items).toEqual([]);
    expect((await confirm(other, intent.id)).status).toBe(404);
  });
});

/** The payments deps with Stripe answering every charge with `answer` (as a PaymentIntent), and the requests it got. */
function stripeAnswering(answer: (form: URLSearchParams) => unknown): { deps: Deps; sent: URLSearchParams[] } {
  const sent: URLSearchParams[] = [];
  const fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const form = new URLSearchParams(String(init?.body ?? ""));
    sent.push(form);
    return Response.json(answer(form));
  }) as unknown as typeof globalThis.fetch;
  const transport: Transport = { baseUrl: "https://api.stripe.test", secret: "sk_test", timeoutMs: 1000, fetch };
  const d = depsOf(ENV);
  return { deps: { ...d, connectors: { ...d.connectors, stripe: stripeConnector(transport) } }, sent };
}

describe("Stripe's other actions, through confirm, the stored intent and its view", () => {
  it("Pix: Stripe's pix_display_qr_code is a QR code to show; no returnUrl needed or sent", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "stripe" } }] } }), 200);
    const intent = await createIntent(tenant, { amount: 5000, currency: "BRL", country: "BR", method: "pix" });
    const qr = { data: "00020101021226880014br.gov.bcb.pix2566qrcodes-pix.example/v2/cobv/9d36b84f", expires_at: 1_900_000_000, image_url_png: "https://qr.stripe.com/pix.png", image_url_svg: "https://qr.stripe.com/pix.svg", hosted_instructions_url: "https://payments.stripe.com/pix/x" };
    const { deps, sent } = stripeAnswering(() => ({ id: "pi_3PixQr", status: "requires_action", next_action: { type: "pix_display_qr_code", pix_display_qr_code: qr } }));
    expect((await confirmIntent(deps, tenant, intent.id)).status).toBe("requires_action");
    expect(sent.map((f) => [f.get("payment_method_types[]"), f.has("return_url")])).toEqual([["pix", false]]);
    expect((await read(tenant, intent.id)).nextAction).toEqual({ type: "display_qr_code", data: qr.data, imageUrl: qr.image_url_png, expiresAt: "2030-03-17T17:46:40.000Z" });
  });

  it("Pix at Adyen: Pending with a qrCode action is the buyer's step (requires_action with the code), not an unknown outcome", async () => {
    const tenant = await awaitingBuyerAt("adyen");
    const intent = await createIntent(tenant, { amount: 5000, currency: "BRL", country: "BR", method: "pix" });
    const done = await json<Seen>(await confirm(tenant, intent.id), 200);
    expect(done.status).toBe("requires_action");
    expect(done.nextAction).toMatchObject({ type: "display_qr_code", data: expect.stringMatching(/^000201.*pix\.adyen\.sim\/qr\/v2\//) });
    expect(await storedAction(intent.id)).toContain("display_qr_code");
  });

  it("one this API has no shape for (a card's use_stripe_sdk) leaves nextAction null, the intent requires_action, and a trace line saying why", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "stripe" } }] } }), 200);
    const intent = await createIntent(tenant, { method: "card_visa" });
    const { deps, sent } = stripeAnswering(() => ({ id: "pi_3Sdk", status: "requires_action", next_action: { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect" } } }));
    await confirmIntent(deps, tenant, intent.id, { returnUrl: RETURN_URL });
    expect(sent.map((f) => f.get("return_url"))).toEqual([RETURN_URL]);
    const seen = await read(tenant, intent.id);
    expect([seen.status, seen.nextAction]).toEqual(["requires_action", null]);
    expect(seen.route.trace.at(-1)).toBe("attempt 1 stripe: buyer action not shown (Stripe's next_action use_stripe_sdk has no shape in this API); nextAction stays null");
  });

  it("a redirect to a non-https URL is not handed to the buyer", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "stripe" } }] } }), 200);
    const intent = await createIntent(tenant);
    const { deps } = stripeAnswering(() => ({ id: "pi_3Http", status: "requires_action", next_action: { type: "redirect_to_url", redirect_to_url: { url: "http://phish.example/bank", return_url: RETURN_URL } } }));
    await confirmIntent(deps, tenant, intent.id, { returnUrl: RETURN_URL });
    const seen = await read(tenant, intent.id);
    expect([seen.status, seen.nextAction]).toEqual(["requires_action", null]);
    expect(seen.route.trace.at(-1)).toMatch(/not shown \(Stripe's redirect_to_url has no https url\)/);
  });
});

describe("the OpenAPI document", () => {
  it("shows confirm's optional body with returnUrl, and nextAction on the intent as a redirect or a QR code", async () => {
    type Doc = { paths: Record<string, { post: { requestBody?: { required?: boolean; content: Record<string, { schema: { $ref: string } }> } } }>; components: { schemas: Record<string, { properties?: Record<string, unknown>; oneOf?: unknown[]; anyOf?: unknown[] }> } };
    const doc = await json<Doc>(await call("/openapi.json"), 200);
    const body = doc.paths["/v1/payments/intents/{id}/confirm"]!.post.requestBody!;
    expect([body.required, body.content["application/json"]!.schema.$ref]).toEqual([false, "#/components/schemas/ConfirmPaymentIntent"]);
    expect(doc.components.schemas.ConfirmPaymentIntent!.properties).toHaveProperty("returnUrl");
    expect(doc.components.schemas.PaymentIntent!.properties).toHaveProperty("nextAction");
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["PaymentNextAction", "PaymentNextActionRedirect", "PaymentNextActionQrCode"]));
  });
});

describe("the returnUrl each connector sends", () => {
  it("is the confirm's, as Stripe's return_url and Adyen's returnUrl, and absent when there is none (never a made-up one)", async () => {
    const bodies: string[] = [];
    const fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => (bodies.push(String(init?.body)), Response.json({ id: "pi_1", pspReference: "P1", status: "succeeded", resultCode: "Authorised" }))) as unknown as typeof globalThis.fetch;
    const t: Transport = { baseUrl: "https://provider.test", secret: "k", timeoutMs: 1000, merchantAccount: "M", fetch };
    const req = { key: "pi_x:1", reference: "pi_x", amount: 2500, currency: "EUR", method: "card_visa", capture: "automatic" as const };
    for (const returnUrl of [RETURN_URL, null]) {
      await stripeConnector(t).charge({ ...req, returnUrl });
      await adyenConnector(t).charge({ ...req, returnUrl });
    }
    const [stripeWith, adyenWith, stripeWithout, adyenWithout] = bodies;
    expect(new URLSearchParams(stripeWith).get("return_url")).toBe(RETURN_URL);
    expect((JSON.parse(adyenWith!) as { returnUrl?: string }).returnUrl).toBe(RETURN_URL);
    expect(new URLSearchParams(stripeWithout).has("return_url")).toBe(false);
    expect(JSON.parse(adyenWithout!)).not.toHaveProperty("returnUrl");
  });
});

describe("reconciliation of a charge whose answer was lost", () => {
  it("asks again with the very request the confirm sent (its returnUrl kept on the intent) and keeps the action it answers", async () => {
    const tenant = await awaitingBuyerAt("stripe");
    const intent = await createIntent(tenant);
    const d = depsOf(ENV);
    // Stripe got the confirm's charge and asked for the buyer's step; both answers were lost on the way back.
    const lost: Connector = { ...d.connectors.stripe, charge: async (req) => (await d.connectors.stripe.charge(req), { kind: "unknown", code: "timeout" }) };
    expect((await confirmIntent({ ...d, connectors: { ...d.connectors, stripe: lost } }, tenant, intent.id, { returnUrl: RETURN_URL })).status).toBe("processing");

    const later = { ...d, now: () => Date.now() + 120_000 };
    expect(await reconcileStuck(later, { olderThanMs: 60_000, limit: 10, tenantId: tenant })).toEqual([{ id: intent.id, outcome: "settled", status: "requires_action" }]);
    const seen = await read(tenant, intent.id);
    // Asked again, not read: Stripe took the key with the same parameters (another return_url is its idempotency_error).
    expect(seen.route.trace.at(-1)).toMatch(/asked again with key .*: requires_action/);
    expect(seen.nextAction).toEqual({ type: "redirect_to_url", url: `https://hooks.stripe.sim/redirect/${seen.attempts[0]!.providerRef}`, method: "GET", returnUrl: RETURN_URL });
  });
});
