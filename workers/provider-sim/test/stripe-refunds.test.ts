import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

// Stripe's Refund read as the simulator answers it: GET /v1/refunds/{id} (docs.stripe.com/api/refunds/retrieve), the
// object the payments connector checks an operator's reference of a refund against.

const ledger = () => (env as unknown as Env).LEDGER.get((env as unknown as Env).LEDGER.idFromName("sim"));
const headers = { authorization: "Bearer sk_test_sim", "content-type": "application/x-www-form-urlencoded" };

async function stripe(method: "GET" | "POST", path: string, fields?: Record<string, string>, key?: string) {
  const res = await ledger().fetch(`http://provider-sim${path}`, {
    method,
    headers: { ...headers, ...(key ? { "idempotency-key": key } : {}) },
    ...(fields ? { body: new URLSearchParams(fields).toString() } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { id: string; error?: Record<string, string> } };
}

/** A captured PaymentIntent of 2500 EUR, made for `reference`. */
async function paymentIntent(reference: string) {
  const key = crypto.randomUUID();
  const made = await stripe("POST", "/v1/payment_intents", { amount: "2500", currency: "eur", confirm: "true", "metadata[intent_id]": reference }, key);
  expect(made.status).toBe(200);
  return made.body.id;
}

describe("GET /v1/refunds/{id}", () => {
  it("shows a refund as Stripe's Refund object: its payment intent, amount, currency, status and metadata", async () => {
    const pi = await paymentIntent("pi_ours");
    const made = await stripe("POST", "/v1/refunds", { payment_intent: pi, amount: "700", "metadata[refund_key]": "re_ours" }, crypto.randomUUID());
    expect(made.status).toBe(200);
    const read = await stripe("GET", `/v1/refunds/${made.body.id}`);
    expect(read).toEqual({ status: 200, body: { id: made.body.id, object: "refund", amount: 700, currency: "eur", payment_intent: pi, status: "succeeded", metadata: { refund_key: "re_ours" } } });
    expect(read.body.id).toMatch(/^re_/);
  });

  it("one Stripe never made is a 404 resource_missing naming the id", async () => {
    const read = await stripe("GET", "/v1/refunds/re_3MtwBwLkdIwHu7ix0vZ9vyJ4");
    expect(read).toEqual({
      status: 404,
      body: { error: { type: "invalid_request_error", code: "resource_missing", param: "id", message: "No such refund: 're_3MtwBwLkdIwHu7ix0vZ9vyJ4'" } },
    });
  });

  it("is not idempotent-keyed: a key sent with a read is neither kept nor answered from, and the refund's creation replays as before", async () => {
    const pi = await paymentIntent("pi_keys");
    const key = crypto.randomUUID();
    const made = await stripe("POST", "/v1/refunds", { payment_intent: pi, amount: "500" }, key);
    // The read carries the creation's key: the refund as it stands, not the creation's stored answer replayed.
    const shown = await stripe("GET", `/v1/refunds/${made.body.id}`, undefined, key);
    expect(shown.body).toMatchObject({ id: made.body.id, object: "refund" });
    // A read under a fresh key leaves nothing under it: that key then makes a refund of its own.
    const fresh = crypto.randomUUID();
    expect((await stripe("GET", `/v1/refunds/${made.body.id}`, undefined, fresh)).status).toBe(200);
    const second = await stripe("POST", "/v1/refunds", { payment_intent: pi, amount: "300" }, fresh);
    expect([second.status, second.body.amount]).toEqual([200, 300]);
    expect(second.body.id).not.toBe(made.body.id);
    // The creation asked again under its key is answered as first, and made nothing more.
    expect(await stripe("POST", "/v1/refunds", { payment_intent: pi, amount: "500" }, key)).toEqual(made);
    const list = await stripe("GET", `/v1/refunds?payment_intent=${pi}`);
    expect((list.body.data as { amount: number }[]).map((r) => r.amount).sort()).toEqual([300, 500]);
  });

  it("needs Stripe's secret key, as every call does", async () => {
    const res = await ledger().fetch("http://provider-sim/v1/refunds/re_3MtwBwLkdIwHu7ix0vZ9vyJ4");
    expect(res.status).toBe(401);
  });
});
