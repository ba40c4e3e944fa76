import { describe, expect, it } from "vitest";
import { call, createIntent, json, newTenantId, resetSim, type Intent } from "./helpers";

/** A bodiless POST as fetch wrappers send it: a JSON Content-Type and nothing after it. */
const bare = (tenant: string, id: string, action: string, key?: string) =>
  call(`/v1/payments/intents/${id}/${action}`, { method: "POST", tenant, key, headers: { "content-type": "application/json" }, body: "" });

describe("an action whose body is optional, sent with a JSON Content-Type and an empty body", () => {
  it("confirm and capture treat it as no body (not malformed_json); a non-empty bad body still is", async () => {
    await resetSim();
    const tenant = newTenantId();
    const intent = await createIntent(tenant, { method: "card_visa", captureMethod: "manual" });
    expect((await json<Intent>(await bare(tenant, intent.id, "confirm"), 200)).status).toBe("requires_capture");
    // The whole amount, as with no body (Adyen only receives a capture: 202; Stripe's is done: 200).
    const res = await bare(tenant, intent.id, "capture");
    const captured = await json<Intent & { pending: { amount: number } | null }>(res, res.status === 202 ? 202 : 200);
    expect(captured.pending?.amount ?? captured.amountCaptured).toBe(2500);

    // Under an Idempotency-Key too: the replay finds the first answer (the key's state outlives the bodiless request).
    const keyed = await createIntent(tenant, { method: "card_visa" });
    const once = await bare(tenant, keyed.id, "confirm", "confirm-bare");
    const twice = await bare(tenant, keyed.id, "confirm", "confirm-bare");
    expect([once.status, twice.status, twice.headers.get("idempotent-replayed")]).toEqual([200, 200, "true"]);
    expect(await twice.text()).toBe(await once.text());

    const other = await createIntent(tenant, { method: "card_visa" });
    const broken = await call(`/v1/payments/intents/${other.id}/confirm`, { method: "POST", tenant, headers: { "content-type": "application/json" }, body: "{" });
    expect([broken.status, ((await broken.json()) as { code: string }).code]).toEqual([400, "malformed_json"]);
  });
});
