import { beforeEach, describe, expect, it } from "vitest";
import { resolveReview } from "../src/service/resolve-review";
import { adyenNotifies, json, resetSim } from "./helpers";
import {
  adyenTenant,
  chargeInReview,
  deps,
  modificationInReview,
  pspReference,
  read,
  refundInReview,
  refused,
  resolve,
  type Problem,
} from "./review-items";

// Resolving an item in review, asked again and checked. A resolve whose write was applied but whose answer failed
// (a 5xx on the way out) had its Idempotency-Key released, so the client's retry ran again and, the item no longer in
// review, was told `not_in_review`: as though its word had not been taken. The operator's `providerRef` was stored
// whatever it was.

beforeEach(async () => {
  await resetSim();
});

describe("a resolve asked again is answered by what was decided, key or no key", () => {
  it("capture, cancel, refund and charge: the same word again answers the intent as the first did; another is a 409 naming the first", async () => {
    const tenant = await adyenTenant();
    const psp = pspReference();
    const items = [
      { id: await modificationInReview(tenant, "capture"), word: { outcome: "done" }, other: { outcome: "not_done" }, decided: /^The capture in review on pi_\w+ was marked done at review at / },
      { id: await modificationInReview(tenant, "cancel"), word: { outcome: "not_done" }, other: { outcome: "done" }, decided: /^The cancel in review on pi_\w+ was marked not done at review at / },
      { id: (await refundInReview(tenant)).refundId, word: { outcome: "done", providerRef: psp }, other: { outcome: "done", providerRef: pspReference() }, decided: new RegExp(`^Refund re_\\w+ was marked done \\(${psp}\\) at review at `) },
      { id: await chargeInReview(tenant), word: { outcome: "not_done" }, other: { outcome: "done", providerRef: pspReference() }, decided: /^The charge in review on pi_\w+ was marked not done at review at / },
    ] as const;
    for (const item of items) {
      // Its word was applied and its answer lost on the way back: the middleware released its key, so a retry runs again.
      const intentId = await resolveReview(deps(), tenant, item.id, item.word.outcome, "providerRef" in item.word ? item.word.providerRef : undefined);
      const first = await read(tenant, intentId);
      const retried = await resolve(tenant, item.id, item.word, `retry-${item.id}`);
      expect([retried.status, await retried.json()], item.id).toEqual([200, first]);
      const other = await json<Problem>(await resolve(tenant, item.id, item.other), 409);
      expect([other.code, other.detail], item.id).toEqual(["review_resolved", expect.stringMatching(item.decided)]);
      expect(await read(tenant, intentId), item.id).toEqual(first);
    }
  });

  it("one the provider settled, not an operator, is still not in review (409)", async () => {
    const tenant = await adyenTenant();
    const capture = await modificationInReview(tenant, "capture");
    expect(await adyenNotifies(capture, "success")).toEqual([200]);
    expect(await refused(await resolve(tenant, capture, { outcome: "done" }))).toEqual([409, "not_in_review"]);
  });
});

describe("the operator's providerRef is a provider's reference", () => {
  it("one not shaped as any provider's is a 400 problem naming the field, and nothing is settled", async () => {
    const tenant = await adyenTenant();
    const { refundId, intentId } = await refundInReview(tenant);
    for (const providerRef of ["PSP-REFUND-1", "", " ", "x".repeat(300), "'; DROP TABLE payment_refunds; --", "qfqtpcq8hxskgk82", `${pspReference()}0`, "ch_3MtwBwLkdIwHu7ix28a3tqPa", 42]) {
      const res = await resolve(tenant, refundId, { outcome: "done", providerRef });
      expect([res.status, res.headers.get("content-type")], String(providerRef)).toEqual([400, "application/problem+json"]);
      const problem = (await res.json()) as Problem;
      expect([problem.code, problem.errors?.map((e) => e.path)], String(providerRef)).toEqual(["validation_failed", ["providerRef"]]);
    }
    expect((await read(tenant, intentId)).refunds.map((r) => [r.status, r.providerRef])).toEqual([["pending", null]]);
  });

  it("one shaped as another provider's, or as another kind's, is a 422 saying what it should be", async () => {
    const tenant = await adyenTenant();
    const { refundId } = await refundInReview(tenant);
    const stripes = await json<Problem>(await resolve(tenant, refundId, { outcome: "done", providerRef: "re_3MtwBwLkdIwHu7ix0vZ9vyJ4" }), 422);
    expect([stripes.code, stripes.detail, stripes.errors?.map((e) => e.path)]).toEqual(["provider_ref_mismatch", expect.stringContaining("pspReference"), ["providerRef"]]);
    const charge = await chargeInReview(tenant);
    expect(await refused(await resolve(tenant, charge, { outcome: "done", providerRef: "re_3MtwBwLkdIwHu7ix0vZ9vyJ4" }))).toEqual([422, "provider_ref_mismatch"]);
    // Where done takes none (a capture acts on the payment the intent names), one given is not kept.
    const capture = await modificationInReview(tenant, "capture");
    expect((await json<{ status: string }>(await resolve(tenant, capture, { outcome: "done", providerRef: pspReference() }), 200)).status).toBe("succeeded");
  });
});
