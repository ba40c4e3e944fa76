import { beforeEach, describe, expect, it } from "vitest";
import { call, confirm, createIntent, json, newTenantId, resetSim, simCharges, type Intent } from "./helpers";

// Stripe keeps no idempotent result for a request that failed validation: a refused input (a 422 naming the
// field) or a missing intent (404) did nothing, so the corrected request under the same Idempotency-Key runs.
// It used to get the 422 stored under the key, and the corrected request a 409 idempotency_key_reused for 24 h.

type Refund = { id: string; status: string; amount: number };
type Seen = Intent & { refunds: Refund[] };
const read = async (tenant: string, id: string) => json<Seen>(await call(`/v1/payments/intents/${id}`, { tenant }), 200);
const refund = (tenant: string, id: string, key: string, body: Record<string, unknown>) => call(`/v1/payments/intents/${id}/refunds`, { method: "POST", tenant, key, json: body });
const code = async (res: Response, status: number) => (await json<{ code: string }>(res, status)).code;

/** A tenant routing to Stripe, with an intent of 2500 charged there (captured unless `manual`). */
async function charged(captureMethod: "automatic" | "manual" = "automatic") {
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "stripe" } }] } }), 200);
  const intent = await createIntent(tenant, { captureMethod });
  expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe(captureMethod === "manual" ? "requires_capture" : "succeeded");
  return { tenant, id: intent.id };
}

beforeEach(async () => {
  await resetSim();
});

describe("an Idempotency-Key whose request did nothing is given back", () => {
  it("a refund refused for its amount (422): the corrected refund under the same key runs once, and its retry replays it", async () => {
    const { tenant, id } = await charged();
    expect(await code(await refund(tenant, id, "refund-fix", { amount: -5 }), 422)).toBe("invalid_amount");

    const fixed = await refund(tenant, id, "refund-fix", { amount: 1000 });
    expect(fixed.headers.get("idempotent-replayed")).toBeNull();
    const made = await json<Refund>(fixed, 200);
    expect(made).toMatchObject({ status: "succeeded", amount: 1000 });
    const again = await refund(tenant, id, "refund-fix", { amount: 1000 });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await json<Refund>(again, 200)).toEqual(made);

    const after = await read(tenant, id);
    expect([after.amountRefunded, after.refunds.map((r) => r.id)]).toEqual([1000, [made.id]]);
    expect((await simCharges(id)).map((c) => c.refunded)).toEqual([1000]);
  });

  it("a capture refused for its amount (422): the corrected capture under the same key runs", async () => {
    const { tenant, id } = await charged("manual");
    const capture = (amountToCapture: number) => call(`/v1/payments/intents/${id}/capture`, { method: "POST", tenant, key: "capture-fix", json: { amountToCapture } });
    expect(await code(await capture(0), 422)).toBe("invalid_amount");
    const fixed = await capture(2000);
    expect(fixed.headers.get("idempotent-replayed")).toBeNull();
    expect(await json<Intent>(fixed, 200)).toMatchObject({ status: "succeeded", amountCaptured: 2000 });
    expect((await capture(2000)).headers.get("idempotent-replayed")).toBe("true");
  });

  it("a refund of an intent that is not there (404): the refund naming the right intent under the same key runs", async () => {
    const { tenant, id } = await charged();
    const other = (await createIntent(newTenantId())).id; // another tenant's: a 404 here
    expect(await code(await refund(tenant, other, "refund-which", { amount: 700 }), 404)).toBe("not_found");
    const made = await json<Refund>(await refund(tenant, id, "refund-which", { amount: 700 }), 200);
    expect(made).toMatchObject({ status: "succeeded", amount: 700 });
    expect((await read(tenant, id)).amountRefunded).toBe(700);
  });

  it("a refusal the refund reached on the intent as it stands is still stored: over what was captured (409), replayed to the retry", async () => {
    const { tenant, id } = await charged();
    expect(await code(await refund(tenant, id, "refund-over", { amount: 5000 }), 409)).toBe("refund_exceeds_captured");
    const again = await refund(tenant, id, "refund-over", { amount: 5000 });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await code(again, 409)).toBe("refund_exceeds_captured");
    // Another body under that key is a 409 too: the key is spent.
    expect(await code(await refund(tenant, id, "refund-over", { amount: 1000 }), 409)).toBe("idempotency_key_reused");
    expect((await read(tenant, id)).refunds).toEqual([]);
  });
});
