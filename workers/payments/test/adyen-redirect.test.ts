import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ENV, adyenNotifies, adyenWebhook, call, confirm, createIntent, json, newTenantId, resetSim, simCharges, type Intent } from "./helpers";

beforeEach(resetSim);
afterAll(resetSim);

type Seen = Intent;

/** Adyen answers the redirect with no pspReference (set on the simulator itself: the admin route does not carry the option). */
async function redirectWithoutPsp() {
  const res = await ENV.PROVIDER_SIM!.fetch("http://provider-sim/_sim/scenario", { method: "PUT", body: JSON.stringify({ adyen: { mode: "requires_action", omitPspReference: true } }) });
  await json(res, 200);
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "adyen" } }] } }), 200);
  const intent = await createIntent(tenant);
  const pending = await json<Seen>(await confirm(tenant, intent.id), 200);
  return { tenant, id: intent.id, pending };
}

describe("an Adyen redirect answered without pspReference", () => {
  it("is settled by its AUTHORISATION, found by our reference, which brings the reference; cancelling before that is a 409, not a local cancel", async () => {
    const { tenant, id, pending } = await redirectWithoutPsp();
    expect([pending.status, pending.attempts[0]!.providerRef]).toEqual(["requires_action", null]);

    const refused = await call(`/v1/payments/intents/${id}/cancel`, { method: "POST", tenant });
    expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([409, "cancel_not_possible_yet"]);

    const [charge] = (await simCharges(id)) as unknown as { ref: string }[];
    const item = { pspReference: charge!.ref, merchantAccountCode: "EcpLocalSim", merchantReference: id, amount: { value: 2500, currency: "EUR" }, eventCode: "AUTHORISATION", success: "true" };
    expect((await adyenWebhook(item)).status).toBe(200);
    const now = await json<Seen>(await call(`/v1/payments/intents/${id}`, { tenant }), 200);
    expect([now.status, now.amountCaptured, now.attempts[0]!.providerRef]).toEqual(["succeeded", 2500, charge!.ref]);
  });

  it("a refused AUTHORISATION fails it", async () => {
    const { tenant, id } = await redirectWithoutPsp();
    const [charge] = (await simCharges(id)) as unknown as { ref: string }[];
    const item = { pspReference: charge!.ref, merchantAccountCode: "EcpLocalSim", merchantReference: id, amount: { value: 2500, currency: "EUR" }, eventCode: "AUTHORISATION", success: "false" };
    expect((await adyenWebhook(item)).status).toBe(200);
    expect((await json<Seen>(await call(`/v1/payments/intents/${id}`, { tenant }), 200)).status).toBe("failed");
  });
});

describe("a cancel requested before the authorisation was reported", () => {
  it("done by Adyen after the AUTHORISATION moved the intent to succeeded: the CANCELLATION makes it canceled, nothing captured, and says why", async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "adyen" } }] } }), 200);
    await json(await ENV.PROVIDER_SIM!.fetch("http://provider-sim/_sim/scenario", { method: "PUT", body: JSON.stringify({ adyen: { mode: "requires_action" } }) }), 200);
    const intent = await createIntent(tenant);
    const pending = await json<Intent>(await confirm(tenant, intent.id), 200);
    const psp = pending.attempts[0]!.providerRef!;
    await json(await call(`/v1/payments/intents/${intent.id}/cancel`, { method: "POST", tenant }), 202);

    const item = { pspReference: psp, merchantAccountCode: "EcpLocalSim", merchantReference: intent.id, amount: { value: 2500, currency: "EUR" }, eventCode: "AUTHORISATION", success: "true" };
    expect((await adyenWebhook(item)).status).toBe(200);
    expect((await json<Intent>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200)).status).toBe("succeeded");

    expect(await adyenNotifies(intent.id, "success")).toEqual([200]);
    const now = await json<Intent & { lastError: string | null }>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);
    expect([now.status, now.amountCaptured]).toEqual(["canceled", 0]);
    expect(now.lastError).toMatch(/cancel/);
  });
});
