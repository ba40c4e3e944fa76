import { beforeAll, describe, expect, it } from "vitest";
import type { ChargeRequest } from "../src/connectors/types";
import { resolveReview } from "../src/service/resolve-review";
import { json, resetSim, simCharges } from "./helpers";
import { connectorWith } from "./provider-calls";
import { deps, inReview, list, read, resolve, tenantAt, type Page, type Problem, type Seen } from "./review-items";

// A charge in review at Stripe: a confirm began its attempt and died, and Stripe's search never showed a payment
// under its key, so a month on reconciliation gave its read up to review. The operator marking it done names
// Stripe's payment (pi_…); Stripe reads a PaymentIntent by its id, so it is looked up there before anything settles:
// one Stripe does not know, or that is not this charge's (another intent's, amount or currency, or not authorised),
// settles nothing, and one that is settles the intent as Stripe shows it. Adyen has no such read: its charges in
// review take the operator's word as before (review-charge.test.ts).

/** The PaymentIntent Stripe made for `intentId`'s attempt 1 (its answer lost), as the connector sends it, changed by `change`. */
async function paidAtStripe(intentId: string, change: Partial<ChargeRequest> = {}) {
  const r = await deps().connectors.stripe.charge({ key: `${intentId}:1`, reference: intentId, amount: 2500, currency: "EUR", method: "ideal", capture: "automatic", returnUrl: null, ...change });
  if (!("ref" in r) || !r.ref) throw new Error(`the simulator made no payment: ${JSON.stringify(r)}`);
  return r.ref;
}

beforeAll(resetSim);

describe("a Stripe charge in review marked done", () => {
  // Made once, one charge a test (two for the second; the fourth names a payment of a fifth).
  let tenant: string;
  let charges: string[];
  beforeAll(async () => {
    tenant = await tenantAt("stripe");
    charges = (await inReview(tenant, { charges: [{}, {}, { captureMethod: "manual" }, {}, {}, {}, {}], chargesAt: "stripe" })).charges;
  });

  it("Stripe's payment of this charge, authorised: the intent settles as Stripe shows it, and leaves the list", async () => {
    const id = charges[0]!;
    const pi = await paidAtStripe(id);
    const done = await json<Seen>(await resolve(tenant, id, { outcome: "done", providerRef: pi }), 200);
    expect([done.status, done.amountCaptured, done.lastError, done.attempts.map((a) => [a.status, a.providerRef])]).toEqual(["succeeded", 2500, null, [["authorized", pi]]]);
    expect(done.route.trace.at(-1)).toBe(`review: charge attempt 1 marked done (authorised at stripe as ${pi})`);
    expect((await json<Page>(await list(tenant), 200)).items.map((i) => i.intentId)).not.toContain(id);
    // Asked again it is answered by what was decided; nothing more was charged.
    expect(await json<Seen>(await resolve(tenant, id, { outcome: "done", providerRef: pi }), 200)).toEqual(done);
    expect((await simCharges(id)).map((c) => [c.status, c.captured])).toEqual([["succeeded", 2500]]);
  });

  it("as Stripe shows it, not as the intent asked: awaiting capture there, it awaits capture; captured there, it succeeds", async () => {
    const [automatic, manual] = [charges[1]!, charges[2]!];
    const held = await paidAtStripe(automatic, { capture: "manual" });
    expect(await json<Seen>(await resolve(tenant, automatic, { outcome: "done", providerRef: held }), 200)).toMatchObject({ status: "requires_capture", amountCaptured: 0 });
    const captured = await paidAtStripe(manual);
    expect(await json<Seen>(await resolve(tenant, manual, { outcome: "done", providerRef: captured }), 200)).toMatchObject({ status: "succeeded", amountCaptured: 2500 });
  });

  it("a payment Stripe does not know is a 422 naming the field, and nothing settles", async () => {
    const id = charges[3]!;
    const problem = await json<Problem>(await resolve(tenant, id, { outcome: "done", providerRef: "pi_3MtwBwLkdIwHu7ix28a3tqPa" }), 422);
    expect([problem.code, problem.errors?.map((e) => e.path)]).toEqual(["provider_ref_unknown", ["providerRef"]]);
    expect((await read(tenant, id)).status).toBe("processing");
  });

  it("one that is not this charge's (another intent's, amount or currency, or not authorised) is a 422, naming nothing of it, and nothing settles", async () => {
    const [id, another] = [charges[4]!, charges[5]!];
    const cancelled = await paidAtStripe(id, { key: `${id}:cancelled`, capture: "manual" });
    expect(await deps().connectors.stripe.cancel(cancelled, `${id}:cancel`)).toMatchObject({ ok: true });
    const payments = {
      another: await paidAtStripe(another, { key: `${another}:other` }),
      amount: await paidAtStripe(id, { key: `${id}:amount`, amount: 2499 }),
      currency: await paidAtStripe(id, { key: `${id}:currency`, currency: "USD" }),
      cancelled,
    };
    for (const [why, pi] of Object.entries(payments)) {
      const problem = await json<Problem>(await resolve(tenant, id, { outcome: "done", providerRef: pi }), 422);
      expect([problem.code, problem.errors?.map((e) => e.path)], why).toEqual(["provider_ref_mismatch", ["providerRef"]]);
      expect(problem.detail, why).not.toContain(another);
      expect(problem.detail, why).not.toMatch(/2499|USD/);
    }
    const seen = await read(tenant, id);
    expect([seen.status, seen.attempts.map((a) => [a.status, a.providerRef])]).toEqual(["processing", [["pending", null]]]);
    expect((await json<Page>(await list(tenant), 200)).items.map((i) => i.intentId)).toContain(id);
    // The payment that is its own, once found, settles it.
    expect((await json<Seen>(await resolve(tenant, id, { outcome: "done", providerRef: await paidAtStripe(id) }), 200)).status).toBe("succeeded");
  });

  it("Stripe giving no clear answer is a 502, and nothing settles", async () => {
    const id = charges[6]!;
    for (const unknown of ["timeout", "http_500"]) {
      const down = connectorWith("stripe", () => ({ readPayment: async () => ({ unknown }) }));
      await expect(resolveReview(down, tenant, id, "done", "pi_3MtwBwLkdIwHu7ix28a3tqPa")).rejects.toMatchObject({ status: 502, code: "provider_error" });
    }
    expect((await read(tenant, id)).status).toBe("processing");
  });
});
