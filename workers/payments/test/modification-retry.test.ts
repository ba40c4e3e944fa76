import { beforeEach, describe, expect, it } from "vitest";
import { depsOf } from "../src/service/deps";
import { cancelIntent, captureIntent } from "../src/service/settle";
import { ENV, call, confirm, createIntent, json, newTenantId, resetSim, simCharges, type Intent } from "./helpers";
import { DAY, claimedAgo, lost, noModificationSent, stripeWith } from "./provider-calls";

// A client retrying a capture or cancel left pending (its first answer never came): within the provider's key
// window it is sent again with its own key; past it the provider no longer deduplicates that key, so it is never
// sent again: read where the provider has a read (Stripe), else refused with a problem.

const deps = () => depsOf(ENV);
type Seen = Intent & { pending: { action: string; amount: number | null } | null };
const read = async (tenant: string, id: string) => json<Seen>(await call(`/v1/payments/intents/${id}`, { tenant }), 200);

const row = (id: string) => ENV.DB.prepare("SELECT * FROM payment_intents WHERE id = ?").bind(id).first<Record<string, unknown>>();

async function authorizedAt(provider: "stripe" | "adyen") {
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider } }] } }), 200);
  const intent = await createIntent(tenant, { captureMethod: "manual" });
  expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("requires_capture");
  return { tenant, id: intent.id };
}

beforeEach(async () => {
  await resetSim();
});

describe("within the provider's key window", () => {
  it("a retry sends it again with the claim's own key: one capture however often it is asked", async () => {
    const { tenant, id } = await authorizedAt("stripe");
    expect(await captureIntent(stripeWith(() => ({ capture: async () => lost })), tenant, id, 1500)).toEqual({ pending: true });
    const claimKey = (await row(id))!.pending_key;
    const keys: string[] = [];
    const recording = stripeWith((real) => ({ capture: (ref, amount, currency, key) => (keys.push(key), real.capture(ref, amount, currency, key)) }));
    expect(await captureIntent(recording, tenant, id)).toEqual({ pending: false });
    expect(keys).toEqual([claimKey]);
    expect((await simCharges(id)).map((c) => c.captured)).toEqual([1500]);
  });
});

describe("past the provider's key window, a retry never sends it again", () => {
  it("Stripe, the capture happened: read, and answered done", async () => {
    const { tenant, id } = await authorizedAt("stripe");
    // Stripe captures; its answer is lost on the way back.
    const answerLost = stripeWith((real) => ({ capture: async (...args) => (await real.capture(...args), lost) }));
    expect(await captureIntent(answerLost, tenant, id, 2000)).toEqual({ pending: true });
    await claimedAgo(id, 2 * DAY);
    expect(await captureIntent(noModificationSent(), tenant, id)).toEqual({ pending: false });
    const done = await read(tenant, id);
    expect([done.status, done.amountCaptured, done.pending]).toEqual(["succeeded", 2000, null]);
    expect((await simCharges(id)).map((c) => c.captured)).toEqual([2000]);
  });

  it("Stripe, the cancel never reached it: read (still capturable), its claim let go, and the cancel made afresh under a new key, once", async () => {
    const { tenant, id } = await authorizedAt("stripe");
    expect(await cancelIntent(stripeWith(() => ({ cancel: async () => lost })), tenant, id)).toEqual({ pending: true });
    const oldKey = (await row(id))!.pending_key as string;
    await claimedAgo(id, 2 * DAY);
    const keys: string[] = [];
    const recording = stripeWith((real) => ({ cancel: (ref, key) => (keys.push(key), real.cancel(ref, key)) }));
    expect(await cancelIntent(recording, tenant, id)).toEqual({ pending: false });
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toBe(oldKey);
    expect((await read(tenant, id)).status).toBe("canceled");
    expect((await simCharges(id)).map((c) => c.status)).toEqual(["canceled"]);
  });

  it("Stripe shows nothing clear: still pending (202), nothing sent, the claim as it was", async () => {
    const { tenant, id } = await authorizedAt("stripe");
    expect(await captureIntent(stripeWith(() => ({ capture: async () => lost })), tenant, id, 1000)).toEqual({ pending: true });
    await claimedAgo(id, 2 * DAY);
    const claim = await row(id);
    const unclear = noModificationSent(() => ({ lookupModification: async () => ({ ok: false, code: "http_500", message: "Stripe did not show the PaymentIntent", failure: "unknown" }) }));
    expect(await captureIntent(unclear, tenant, id)).toEqual({ pending: true });
    expect(await row(id)).toEqual(claim);
  });

  it("Adyen, which has no read: a 409 problem saying so, nothing sent and nothing written", async () => {
    const { tenant, id } = await authorizedAt("adyen");
    const capture = () => call(`/v1/payments/intents/${id}/capture`, { method: "POST", tenant, json: { amountToCapture: 1000 } });
    expect((await json<Seen>(await capture(), 202)).pending).toMatchObject({ action: "capture", amount: 1000 });
    await claimedAgo(id, 2 * DAY);
    const claim = await row(id);

    const res = await capture();
    expect([res.status, res.headers.get("content-type")]).toEqual([409, expect.stringMatching(/^application\/problem\+json/)]);
    const problem = (await res.json()) as { code: string; detail: string };
    expect(problem.code).toBe("modification_needs_review");
    expect(problem.detail).toMatch(/past adyen's idempotency-key window.*nothing was sent/);
    expect(await row(id)).toEqual(claim);
    expect((await simCharges(id)).map((c) => c.captured)).toEqual([0]);

    // The same for a cancel, with a connector that fails the test if it is sent.
    const other = await authorizedAt("adyen");
    await json(await call(`/v1/payments/intents/${other.id}/cancel`, { method: "POST", tenant: other.tenant }), 202);
    await claimedAgo(other.id, 2 * DAY);
    const d = deps();
    const no = async (): Promise<never> => {
      throw new Error("a cancel was sent to Adyen");
    };
    await expect(cancelIntent({ ...d, connectors: { ...d.connectors, adyen: { ...d.connectors.adyen, cancel: no } } }, other.tenant, other.id)).rejects.toMatchObject({
      status: 409,
      code: "modification_needs_review",
    });
  });
});
