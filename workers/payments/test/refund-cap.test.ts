import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_REFUNDS_PER_INTENT } from "../src/store/intents";
import { ENV, call, confirm, createIntent, json, newTenantId, resetSim, type Intent } from "./helpers";

beforeEach(resetSim);
afterAll(resetSim);

const refund = (tenant: string, id: string, amount: number) => call(`/v1/payments/intents/${id}/refunds`, { method: "POST", tenant, key: crypto.randomUUID(), json: { amount } });

describe("refunds per intent", () => {
  it(`are capped at ${MAX_REFUNDS_PER_INTENT} (every read returns them all): one more is a 409 naming the cap, and nothing is reserved`, async () => {
    const tenant = newTenantId();
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "stripe" } }] } }), 200);
    const intent = await createIntent(tenant, { amount: 50_000, method: "card_visa" });
    await json(await confirm(tenant, intent.id), 200);
    // All but the last put in directly (as failed ones, so nothing is reserved), then the last through the API.
    const insert = ENV.DB.prepare("INSERT INTO payment_refunds (id, tenant_id, intent_id, amount, status, created_at) VALUES (?, ?, ?, 1, 'failed', ?)");
    await ENV.DB.batch(Array.from({ length: MAX_REFUNDS_PER_INTENT - 1 }, (_, i) => insert.bind(`re_cap_${intent.id}_${i}`, tenant, intent.id, new Date().toISOString())));
    await json(await refund(tenant, intent.id, 100), 200);

    const refused = await refund(tenant, intent.id, 100);
    const problem = (await refused.json()) as { code: string; detail: string };
    expect([refused.status, refused.headers.get("content-type"), problem.code]).toEqual([409, "application/problem+json", "refund_limit_reached"]);
    expect(problem.detail).toContain(String(MAX_REFUNDS_PER_INTENT));
    const seen = await json<Intent & { refunds: unknown[] }>(await call(`/v1/payments/intents/${intent.id}`, { tenant }), 200);
    expect([seen.amountRefunded, seen.refunds.length]).toEqual([100, MAX_REFUNDS_PER_INTENT]);
  });
});
