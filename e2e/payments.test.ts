import { afterAll, describe, expect, it } from "vitest";
import { DEMO, api, expectProblem, newTenant } from "./helpers";

// Through the gateway to the payments Worker and its provider simulator. Scenarios are reset after use.
const admin = (path: string, json?: unknown) => api(`/v1/admin/payments/simulator${path}`, { method: json ? "PUT" : "POST", key: DEMO.admin, json });
afterAll(async () => {
  await admin("/reset");
});

type Intent = {
  id: string;
  status: string;
  route: { provider: string; trace: string[] };
  attempts: { provider: string; outcome: string }[];
  nextAction: { type: string; url?: string; method?: string; returnUrl?: string | null } | null;
};

/** Where a storefront's buyer comes back after their bank's page: the payments API needs one for iDEAL and every method that redirects. */
const RETURN_URL = "https://shop.example/checkout/lst_42/done?order=42";
const confirm = (key: string, id: string, body: unknown = { returnUrl: RETURN_URL }) => api(`/v1/payments/intents/${id}/confirm`, { method: "POST", key, json: body });

describe("payments through the gateway", () => {
  it("offers each buyer the method locals use first: iDEAL in NL, Pix in BR, Alipay in CN", async () => {
    for (const [country, currency, method] of [["NL", "EUR", "ideal"], ["BR", "BRL", "pix"], ["CN", "CNY", "alipay"]]) {
      const res = await api(`/v1/payments/methods?currency=${currency}&amount=5000`, { key: DEMO.publishable, headers: { "x-country": country! } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { items: { method: string }[] }).items[0]!.method).toBe(method);
    }
  });

  it("100 concurrent POST /intents with one key create exactly one intent", async () => {
    const { keys } = await newTenant();
    const body = { amount: 2500, currency: "EUR", country: "NL", method: "ideal" };
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => api("/v1/payments/intents", { method: "POST", key: keys.secret, headers: { "idempotency-key": "checkout-42" }, json: body })),
    );
    // No claim to wait on (the optimistic mode): every duplicate answers 201, all with the first one's bytes.
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201));
    const bodies = new Set(await Promise.all(answers.map((r) => r.text())));
    expect(bodies.size).toBe(1);
    expect(answers.filter((r) => r.headers.get("idempotent-replayed") !== "true")).toHaveLength(1);
    const list = (await (await api("/v1/payments/intents", { key: keys.secret })).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);
  });

  it("moves traffic to the fallback during an outage, and back after recovery", async () => {
    const { keys } = await newTenant();
    await admin("/reset");
    const put = await api("/v1/payments/routing", { method: "PUT", key: keys.secret, json: { rules: [{ match: { countries: ["NL"] }, route: { type: "chain", providers: ["stripe", "adyen"] } }] } });
    expect(put.status).toBe(200);
    const pay = async () => {
      const created = (await (await api("/v1/payments/intents", { method: "POST", key: keys.secret, headers: { "idempotency-key": crypto.randomUUID() }, json: { amount: 2500, currency: "EUR", country: "NL", method: "ideal" } })).json()) as Intent;
      const res = await confirm(keys.secret, created.id);
      expect(res.status).toBe(200);
      return (await res.json()) as Intent;
    };
    expect((await pay()).attempts.map((a) => a.provider)).toEqual(["stripe"]);

    expect((await admin("", { stripe: { mode: "outage" } })).status).toBe(200);
    for (let i = 0; i < 6; i++) {
      const p = await pay();
      expect(p.status).toBe("succeeded");
      expect(p.attempts.at(-1)!.provider).toBe("adyen");
    }
    const health = (await (await api("/v1/payments/providers", { key: keys.secret })).json()) as { items: { provider: string; circuit: string }[] };
    expect(health.items.find((h) => h.provider === "stripe")!.circuit).toBe("open");
    const during = await pay();
    expect(during.attempts.map((a) => a.provider)).toEqual(["adyen"]); // breaker open: stripe skipped

    expect((await admin("", { stripe: { mode: "ok" } })).status).toBe(200);
    // After the breaker's cool-down a half-open probe goes to stripe; its success closes the circuit.
    let back: Intent | null = null;
    for (let i = 0; i < 60 && !back; i++) {
      const p = await pay();
      if (p.attempts[0]!.provider === "stripe") back = p;
      else await new Promise((r) => setTimeout(r, 250));
    }
    expect(back?.status).toBe("succeeded");
    expect((await pay()).attempts.map((a) => a.provider)).toEqual(["stripe"]);
  });

  it("a redirect method needs a returnUrl; with one, the provider's redirect comes back as a nextAction to an https page and back to that URL", async () => {
    const { keys } = await newTenant();
    const intent = async () =>
      (await (await api("/v1/payments/intents", { method: "POST", key: keys.secret, headers: { "idempotency-key": crypto.randomUUID() }, json: { amount: 2500, currency: "EUR", country: "NL", method: "ideal" } })).json()) as Intent;
    try {
      for (const provider of ["stripe", "adyen"]) {
        const put = await api("/v1/payments/routing", { method: "PUT", key: keys.secret, json: { rules: [{ match: { countries: ["NL"] }, route: { type: "provider", provider } }] } });
        expect(put.status).toBe(200);
        expect((await admin("", { [provider]: { mode: "requires_action" } })).status).toBe(200);
        const created = await intent();
        // No body (and a body without it): a 400 naming the field, before any provider call.
        for (const body of [undefined, {}]) {
          const refused = await expectProblem(await api(`/v1/payments/intents/${created.id}/confirm`, { method: "POST", key: keys.secret, ...(body ? { json: body } : {}) }), 400);
          expect([refused.code, refused.errors?.map((e) => e.path)]).toEqual(["return_url_required", ["returnUrl"]]);
        }
        const res = await confirm(keys.secret, created.id);
        expect(res.status, provider).toBe(200);
        const confirmed = (await res.json()) as Intent;
        expect([confirmed.status, confirmed.attempts.map((a) => a.provider)], provider).toEqual(["requires_action", [provider]]);
        expect(confirmed.nextAction).toMatchObject({ type: "redirect_to_url", method: "GET", returnUrl: RETURN_URL });
        expect(new URL(confirmed.nextAction!.url!).protocol, provider).toBe("https:");
        const read = (await (await api(`/v1/payments/intents/${created.id}`, { key: keys.secret })).json()) as Intent;
        expect(read.nextAction).toEqual(confirmed.nextAction);
      }
    } finally {
      await admin("/reset");
    }
  });

  it("webhooks need no key but a valid signature; bad input is problem+json", async () => {
    await expectProblem(await api("/v1/payments/webhooks/stripe", { method: "POST", headers: { "stripe-signature": "t=1,v1=00" }, body: "{}" }), 401);
    await expectProblem(await api("/v1/payments/intents", { method: "POST", key: DEMO.secret, idempotencyKey: false, json: { amount: 1, currency: "EUR", country: "NL" } }), 400);
    await expectProblem(await api("/v1/payments/intents", { method: "POST", key: DEMO.secret, headers: { "idempotency-key": crypto.randomUUID() }, json: { amount: 0, currency: "EUR", country: "NL" } }), 422);
    await expectProblem(await api("/v1/payments/intents", { method: "POST", key: DEMO.publishable, json: {} }), 403);
  });

  it("documents every payments route in /openapi.json", async () => {
    const doc = (await (await api("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const path of ["/v1/payments/methods", "/v1/payments/routing", "/v1/payments/intents", "/v1/payments/intents/{id}", "/v1/payments/intents/{id}/confirm", "/v1/payments/intents/{id}/capture", "/v1/payments/intents/{id}/cancel", "/v1/payments/intents/{id}/refunds", "/v1/payments/webhooks/{provider}", "/v1/payments/providers"]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});
