import { beforeAll, describe, expect, it } from "vitest";
import { iso } from "../src/service/deps";
import { reconcileRefunds } from "../src/service/reconcile";
import { resolveReview } from "../src/service/resolve-review";
import { refundIntent } from "../src/service/settle";
import { ENV, confirm, createIntent, json, resetSim, simCharges, type Intent } from "./helpers";
import { connectorWith, lost, stripeWith } from "./provider-calls";
import { MONTH, deps, list, read, resolve, tenantAt, type Page, type Problem, type Seen } from "./review-items";

// A refund in review at Stripe: its answer was lost and Stripe's list of the charge's refunds never showed one under
// its key, so a month on reconciliation gave its read up to review. The operator marking it done names Stripe's refund
// (re_…); Stripe reads a Refund by its id (GET /v1/refunds/{id}), so it is looked up there before anything settles:
// one Stripe does not know, or that is not this refund paid out (another payment's, another of our refunds', another
// amount or currency, or not succeeded there) settles nothing. Adyen has no such read: its refunds in review take the
// operator's word, checked for shape only, as before (review.test.ts).

/** A charge of 2500 EUR at Stripe, captured: its intent and Stripe's PaymentIntent. */
async function chargedAtStripe(tenant: string) {
  const intent = await createIntent(tenant);
  const charged = await json<Intent>(await confirm(tenant, intent.id), 200);
  expect(charged.status).toBe("succeeded");
  return { intentId: intent.id, pi: charged.attempts.at(-1)!.providerRef! };
}

/** Stripe's refund of `amount` on `pi`, made as the connector makes ours (under `key` in its metadata), or by hand (no key). */
async function refundAtStripe(pi: string, amount: number, key: string | null) {
  if (key !== null) {
    const r = await deps().connectors.stripe.refund(pi, amount, "EUR", key);
    if (!r.ok) throw new Error(`the simulator made no refund: ${r.code}`);
    return r.ref;
  }
  const res = await ENV.PROVIDER_SIM!.fetch("http://provider-sim/v1/refunds", {
    method: "POST",
    headers: { authorization: "Bearer sk_test_dashboard", "content-type": "application/x-www-form-urlencoded", "idempotency-key": crypto.randomUUID() },
    body: new URLSearchParams({ payment_intent: pi, amount: String(amount) }).toString(),
  });
  return json<{ id: string }>(res, 200).then((r) => r.id);
}

beforeAll(resetSim);

describe("a Stripe refund in review marked done", () => {
  // Made once: a tenant at Stripe, a charge, and refunds of 500 on it, each lost a month ago and in review; one a test
  // (two for the mismatches, whose references name the other's).
  let tenant: string;
  let intentId: string;
  let pi: string;
  let refunds: string[];
  beforeAll(async () => {
    tenant = await tenantAt("stripe");
    ({ intentId, pi } = await chargedAtStripe(tenant));
    refunds = [];
    for (let i = 0; i < 5; i++) {
      const r = await refundIntent(stripeWith(() => ({ refund: async () => lost })), tenant, intentId, `lost-${i}`, 500);
      expect(r.status).toBe("pending");
      await ENV.DB.prepare("UPDATE payment_refunds SET created_at = ? WHERE id = ?").bind(iso(Date.now() - MONTH), r.id).run();
      refunds.push(r.id);
    }
    const moved = await reconcileRefunds(deps(), { olderThanMs: 0, limit: 10, tenantId: tenant });
    expect(moved.map((m) => m.outcome)).toEqual(refunds.map(() => "review"));
  });

  const refundOf = async (id: string) => (await read(tenant, intentId)).refunds.find((r) => r.id === id)!;

  it("Stripe's refund of it, paid out under its key: it succeeds with that reference, leaves the list, and is asked again as decided", async () => {
    const id = refunds[0]!;
    const re = await refundAtStripe(pi, 500, id);
    const done = await json<Seen>(await resolve(tenant, id, { outcome: "done", providerRef: re }), 200);
    expect(done.refunds.find((r) => r.id === id)).toMatchObject({ status: "succeeded", providerRef: re });
    expect(done.amountRefunded).toBe(2500);
    expect((await json<Page>(await list(tenant), 200)).items.map((i) => i.refundId)).not.toContain(id);
    expect(await json<Seen>(await resolve(tenant, id, { outcome: "done", providerRef: re }), 200)).toEqual(done);
  });

  it("one made by hand at Stripe (no key of ours) on its payment, of its amount, paid out, is taken", async () => {
    const id = refunds[1]!;
    const re = await refundAtStripe(pi, 500, null);
    expect((await json<Seen>(await resolve(tenant, id, { outcome: "done", providerRef: re }), 200)).refunds.find((r) => r.id === id)).toMatchObject({ status: "succeeded", providerRef: re });
  });

  it("a refund Stripe does not know is a 422 naming the field, and nothing settles", async () => {
    const id = refunds[2]!;
    const problem = await json<Problem>(await resolve(tenant, id, { outcome: "done", providerRef: "re_3MtwBwLkdIwHu7ix0vZ9vyJ4" }), 422);
    expect([problem.code, problem.errors?.map((e) => e.path)]).toEqual(["provider_ref_unknown", ["providerRef"]]);
    expect((await refundOf(id)).status).toBe("pending");
  });

  it("one that is not this refund (another payment's, another of ours, another amount) is a 422 naming none of it, and nothing settles", async () => {
    const [id, other] = [refunds[3]!, refunds[4]!];
    const elsewhere = await chargedAtStripe(tenant);
    const references = {
      anotherPayment: await refundAtStripe(elsewhere.pi, 500, null),
      anotherRefundOfOurs: await refundAtStripe(pi, 500, other),
      anotherAmount: await refundAtStripe(pi, 499, id),
    };
    for (const [why, re] of Object.entries(references)) {
      const problem = await json<Problem>(await resolve(tenant, id, { outcome: "done", providerRef: re }), 422);
      expect([problem.code, problem.errors?.map((e) => e.path)], why).toEqual(["provider_ref_mismatch", ["providerRef"]]);
      expect(problem.detail, why).not.toContain(elsewhere.pi);
      expect(problem.detail, why).not.toMatch(/499/);
    }
    expect((await refundOf(id)).status).toBe("pending");
    expect((await json<Page>(await list(tenant), 200)).items.map((i) => i.refundId)).toContain(id);
    // The other's own reference settles the other.
    expect((await json<Seen>(await resolve(tenant, other, { outcome: "done", providerRef: references.anotherRefundOfOurs }), 200)).refunds.find((r) => r.id === other)?.status).toBe("succeeded");
  });

  it("one Stripe shows still pending, failed or canceled settles nothing (422), and no clear answer is a 502", async () => {
    const id = refunds[2]!;
    const shown = { ref: "re_3MtwBwLkdIwHu7ix0vZ9vyJ4", paymentRef: pi, amount: 500, currency: "EUR", key: id };
    for (const [status, says] of [["pending", /leave the refund in review/], ["requires_action", /leave the refund in review/], ["failed", /mark the refund not done/], ["canceled", /mark the refund not done/]] as const) {
      const at = connectorWith("stripe", () => ({ readRefund: async () => ({ shown: { ...shown, status } }) }));
      await expect(resolveReview(at, tenant, id, "done", shown.ref), status).rejects.toMatchObject({ status: 422, code: "provider_ref_mismatch", detail: expect.stringMatching(says) });
    }
    for (const unknown of ["timeout", "http_500"]) {
      const down = connectorWith("stripe", () => ({ readRefund: async () => ({ unknown }) }));
      await expect(resolveReview(down, tenant, id, "done", shown.ref), unknown).rejects.toMatchObject({ status: 502, code: "provider_error" });
    }
    // Paid out there, as Stripe shows it: it settles.
    const paid = connectorWith("stripe", () => ({ readRefund: async () => ({ shown: { ...shown, status: "succeeded" } }) }));
    await resolveReview(paid, tenant, id, "done", shown.ref);
    expect(await refundOf(id)).toMatchObject({ status: "succeeded", providerRef: shown.ref });
    // Only reads: nothing but the refunds made above reached Stripe.
    expect((await simCharges(intentId)).map((c) => c.refunded)).toEqual([500 + 500 + 500 + 499]);
  });

  it("a Stripe refund already settling one of ours settles no other (409 provider_ref_in_use), even one of its amount with no key of ours", async () => {
    const charged = await chargedAtStripe(tenant);
    const two: string[] = [];
    for (const i of [0, 1]) {
      const r = await refundIntent(stripeWith(() => ({ refund: async () => lost })), tenant, charged.intentId, `twin-${i}`, 500);
      await ENV.DB.prepare("UPDATE payment_refunds SET created_at = ? WHERE id = ?").bind(iso(Date.now() - MONTH), r.id).run();
      two.push(r.id);
    }
    expect((await reconcileRefunds(deps(), { olderThanMs: 0, limit: 10, tenantId: tenant })).map((m) => m.outcome)).toEqual(["review", "review"]);
    const re = await refundAtStripe(charged.pi, 500, null);
    await json(await resolve(tenant, two[0]!, { outcome: "done", providerRef: re }), 200);
    const problem = await json<Problem>(await resolve(tenant, two[1]!, { outcome: "done", providerRef: re }), 409);
    expect([problem.code, problem.detail]).toEqual(["provider_ref_in_use", `${re} is already stripe's reference of refund ${two[0]}: one refund at stripe settles one of ours.`]);
    const seen = await read(tenant, charged.intentId);
    expect([seen.amountRefunded, seen.refunds.map((r) => [r.id, r.status, r.providerRef])]).toEqual([1000, [[two[0], "succeeded", re], [two[1], "pending", null]]]);
  });
});
