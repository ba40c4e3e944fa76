import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { callWorker } from "../../../shared/testing/call-worker";
import { forgetHealth } from "../src/health";
import worker from "../src/index";
import { confirmIntent } from "../src/service/confirm";
import { depsOf, type Deps } from "../src/service/deps";
import { ENV, call, createIntent, json, newTenantId, resetSim, type Intent, RETURN_URL } from "./helpers";

beforeEach(resetSim);
afterAll(resetSim);

const broken = () => {
  throw new Error("Durable Object reset because its code was updated.");
};
/** A HEALTH namespace whose every object fails, as on a deploy. */
const brokenHealth = { idFromName: (n: string) => n, get: () => ({ snapshot: broken, record: broken }) };

describe("provider health that cannot be read", () => {
  it("a confirm routes without it (the stored order) instead of failing after its claim", async () => {
    const tenant = newTenantId();
    const intent = await createIntent(tenant);
    const d = depsOf(ENV);
    const deps: Deps = { ...d, health: { ...d.health, snapshot: async () => broken() } };
    const done = await confirmIntent(deps, tenant, intent.id, { returnUrl: RETURN_URL });
    expect(done.status).toBe("succeeded");
  });

  it("a create routes without it, and its retry replays the 201", async () => {
    const tenant = newTenantId();
    forgetHealth();
    const key = crypto.randomUUID();
    const body = JSON.stringify({ amount: 2500, currency: "EUR", country: "NL", method: "ideal" });
    const req = () => new Request("https://payments.internal/v1/payments/intents", { method: "POST", body, headers: { "x-ecp-tenant": tenant, "x-ecp-key-kind": "secret", "idempotency-key": key, "content-type": "application/json" } });
    const first = await json<Intent>(await callWorker(worker, req(), { HEALTH: brokenHealth }), 201);
    const again = await callWorker(worker, req(), { HEALTH: brokenHealth });
    expect([again.status, again.headers.get("idempotent-replayed"), ((await again.json()) as Intent).id]).toEqual([201, "true", first.id]);
  });
});

describe("a create retried after a routing change", () => {
  it("replays its stored 201 though the new rules would refuse the amount; the same key with another body is a 409; a new key is refused (422)", async () => {
    const tenant = newTenantId();
    const rules = (providers: string[]) => call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: { currencies: ["KWD"] }, route: { type: "chain", providers } }] } });
    await json(await rules(["adyen", "stripe"]), 200);
    const key = crypto.randomUUID();
    const body = { amount: 1005, currency: "KWD", country: "KW", method: "card_visa" };
    const created = await json<Intent>(await call("/v1/payments/intents", { method: "POST", tenant, key, json: body }), 201);
    await json(await rules(["stripe"]), 200);

    const retried = await call("/v1/payments/intents", { method: "POST", tenant, key, json: body });
    expect([retried.status, retried.headers.get("idempotent-replayed"), ((await retried.json()) as Intent).id]).toEqual([201, "true", created.id]);
    const other = await call("/v1/payments/intents", { method: "POST", tenant, key, json: { ...body, amount: 1015 } });
    expect([other.status, ((await other.json()) as { code: string }).code]).toEqual([409, "idempotency_key_reused"]);
    const fresh = await call("/v1/payments/intents", { method: "POST", tenant, key: crypto.randomUUID(), json: body });
    expect([fresh.status, ((await fresh.json()) as { code: string }).code]).toEqual([422, "amount_not_representable"]);
  });
});
