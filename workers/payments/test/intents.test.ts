import { describe, expect, it } from "vitest";
import type { RoutingRule } from "../src/domain/routing";
import { db } from "../src/store/db";
import { writeRules } from "../src/store/routing";
import { ENV, call, createIntent, json, newTenantId, type Intent } from "./helpers";

const body = { amount: 2500, currency: "EUR", country: "NL", method: "ideal" };

describe("POST /intents: idempotent creation", () => {
  it("creates a routed intent; the same key and body replays it; another body is a 409", async () => {
    const tenant = newTenantId();
    const first = await call("/v1/payments/intents", { method: "POST", tenant, key: "order-1", json: body });
    const created = await json<Intent>(first, 201);
    expect(created.status).toBe("requires_confirmation");
    expect(created.route.trace.length).toBeGreaterThan(0);
    const again = await call("/v1/payments/intents", { method: "POST", tenant, key: "order-1", json: body });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await json<Intent>(again, 201)).id).toBe(created.id);
    const other = await call("/v1/payments/intents", { method: "POST", tenant, key: "order-1", json: { ...body, amount: 2600 } });
    expect(other.status).toBe(409);
  });

  it("of 20 concurrent duplicates creates exactly one intent, and every one answers it byte for byte", async () => {
    const tenant = newTenantId();
    const answers = await Promise.all(Array.from({ length: 20 }, () => call("/v1/payments/intents", { method: "POST", tenant, key: "dup", json: body })));
    for (const r of answers) expect(r.status).toBe(201);
    const bodies = new Set(await Promise.all(answers.map((r) => r.text())));
    expect(bodies.size).toBe(1);
    expect(new Set(answers.map((r) => r.headers.get("location"))).size).toBe(1);
    const list = await json<{ items: Intent[] }>(await call("/v1/payments/intents", { tenant }), 200);
    expect(list.items).toHaveLength(1);
  });

  it("routes by the rules as stored, even when they changed behind this isolate's memo", async () => {
    const tenant = newTenantId();
    const chain = (providers: string[]) => [{ match: { countries: ["NL"] }, route: { type: "chain", providers } }];
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: chain(["stripe", "adyen"]) } }), 200);
    expect((await createIntent(tenant)).route.provider).toBe("stripe");
    // Another isolate's PUT, as this isolate sees it: the row changes, the memo does not.
    await writeRules(db(ENV.DB), tenant, chain(["adyen", "stripe"]) as RoutingRule[], new Date().toISOString());
    const created = await createIntent(tenant);
    expect([created.route.provider, ...created.route.fallbacks]).toEqual(["adyen", "stripe"]);
    expect((await json<{ items: Intent[] }>(await call("/v1/payments/intents", { tenant }), 200)).items).toHaveLength(2);
    expect((await createIntent(tenant)).route.provider).toBe("adyen");
  });

  it("takes the buyer's most used local method when none is given", async () => {
    const created = await createIntent(newTenantId(), { method: undefined, country: "BR", currency: "BRL" });
    expect(created.route.provider).toBeTruthy();
    expect((created as unknown as { method: string }).method).toBe("pix");
  });

  it("passes over a most used method no provider can charge the amount with", async () => {
    const methodFor = async (amount: number) =>
      ((await createIntent(newTenantId(), { method: undefined, country: "ID", currency: "IDR", amount })) as unknown as { method: string }).method;
    expect(await methodFor(1_000_000)).toBe("gopay");
    // Rp 10,000.50: GoPay (Adyen only) cannot take the half rupiah; a card at Stripe can.
    expect(await methodFor(1_000_050)).toMatch(/^card_/);
  });
});

describe("bad input: one problem+json each, nothing written", () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    ["zero amount", { amount: 0 }, 422, "invalid_amount"],
    ["negative amount", { amount: -5 }, 422, "invalid_amount"],
    ["fractional minor units", { amount: 10.5 }, 422, "invalid_amount"],
    ["a currency the method does not take", { currency: "USD" }, 422, "currency_not_accepted"],
    ["a method not offered in the country", { method: "pix" }, 422, "method_not_offered"],
    ["an amount over the method's limit", { amount: 5_000_001 }, 422, "amount_out_of_range"],
    // GoPay is offered by Adyen only, which has no fraction of a rupiah: no provider could ever charge it.
    ["an amount no provider of the method can take", { amount: 1_000_050, currency: "IDR", country: "ID", method: "gopay" }, 422, "amount_not_representable"],
    ["a malformed currency", { currency: "euro" }, 400, "validation_failed"],
  ];
  for (const [name, patch, status, code] of cases) {
    it(name, async () => {
      const tenant = newTenantId();
      const res = await call("/v1/payments/intents", { method: "POST", tenant, key: crypto.randomUUID(), json: { ...body, ...patch } });
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toMatch(/problem\+json/);
      const problem = (await res.json()) as { code: string; errors?: { path: string }[] };
      expect(problem.code).toBe(code);
      if (code === "amount_not_representable") expect(problem.errors).toEqual([{ path: "amount", message: expect.any(String) }]);
      expect((await json<{ items: unknown[] }>(await call("/v1/payments/intents", { tenant }), 200)).items).toHaveLength(0);
    });
  }

  it("an amount the tenant's routing narrows to a provider that cannot take it is a 422, nothing written", async () => {
    const tenant = newTenantId();
    // card_visa is offered by Stripe and Adyen; the rule routes to Stripe alone, whose KWD must end in 0.
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "stripe" } }] } }), 200);
    const res = await call("/v1/payments/intents", { method: "POST", tenant, key: crypto.randomUUID(), json: { amount: 1005, currency: "KWD", country: "KW", method: "card_visa" } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { code: string }).code).toBe("amount_not_representable");
    expect((await json<{ items: unknown[] }>(await call("/v1/payments/intents", { tenant }), 200)).items).toHaveLength(0);
    // An amount Stripe takes is routed as before.
    expect((await call("/v1/payments/intents", { method: "POST", tenant, key: crypto.randomUUID(), json: { amount: 1000, currency: "KWD", country: "KW", method: "card_visa" } })).status).toBe(201);
  });

  it("no Idempotency-Key is a 400", async () => {
    const res = await call("/v1/payments/intents", { method: "POST", tenant: newTenantId(), json: body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("idempotency_key_required");
  });

  it("a malformed id is a 400, another tenant's intent a 404, a publishable key a 403", async () => {
    const created = await createIntent(newTenantId());
    expect((await call("/v1/payments/intents/pi_nope", { tenant: newTenantId() })).status).toBe(400);
    expect((await call(`/v1/payments/intents/${created.id}`, { tenant: newTenantId() })).status).toBe(404);
    expect((await call(`/v1/payments/intents/${created.id}/confirm`, { method: "POST", tenant: newTenantId() })).status).toBe(404);
    expect((await call("/v1/payments/intents", { tenant: newTenantId(), kind: "publishable" })).status).toBe(403);
    expect((await call("/v1/payments/intents")).status).toBe(401);
  });
});

describe("GET /methods and routing rules", () => {
  it("ranks methods for the buyer (country from the edge header), publishable key allowed", async () => {
    const res = await call("/v1/payments/methods?currency=EUR&amount=2500", { tenant: newTenantId(), kind: "publishable", headers: { "x-ecp-country": "NL" } });
    const { items } = await json<{ items: { method: string }[] }>(res, 200);
    expect(items[0]!.method).toBe("ideal");
    expect((await call("/v1/payments/methods?currency=EUR", { tenant: newTenantId(), kind: "publishable" })).status).toBe(400);
  });

  it("stores rules per tenant, and a matching rule decides the route", async () => {
    const tenant = newTenantId();
    const rules = [{ name: "nl", match: { countries: ["NL"] }, route: { type: "chain", providers: ["stripe", "adyen"] } }];
    await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules } }), 200);
    expect((await json<{ rules: unknown[] }>(await call("/v1/payments/routing", { tenant }), 200)).rules).toEqual(rules);
    const created = await createIntent(tenant);
    expect([created.route.provider, ...created.route.fallbacks]).toEqual(["stripe", "adyen"]);
    expect((await json<{ rules: unknown[] }>(await call("/v1/payments/routing", { tenant: newTenantId() }), 200)).rules).toEqual([]);
    const bad = await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "paypal" } }] } });
    expect(bad.status).toBe(400);
  });

  it("pages the tenant's intents by cursor", async () => {
    const tenant = newTenantId();
    for (let i = 0; i < 3; i++) await createIntent(tenant);
    const p1 = await json<{ items: Intent[]; nextCursor: string }>(await call("/v1/payments/intents?limit=2", { tenant }), 200);
    const p2 = await json<{ items: Intent[]; nextCursor: string | null }>(await call(`/v1/payments/intents?limit=2&cursor=${p1.nextCursor}`, { tenant }), 200);
    expect(p1.items).toHaveLength(2);
    expect(p2.items).toHaveLength(1);
    expect(p2.nextCursor).toBeNull();
    expect((await call("/v1/payments/intents?limit=101", { tenant })).status).toBe(400);
  });
});
