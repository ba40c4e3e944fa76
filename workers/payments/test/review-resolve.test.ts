import { beforeEach, describe, expect, it } from "vitest";
import { iso } from "../src/service/deps";
import { reconcileModifications } from "../src/service/reconcile";
import { resolveReview } from "../src/service/resolve-review";
import { claimModification } from "../src/store/intents";
import { adyenNotifies, json, resetSim } from "./helpers";
import {
  MONTH,
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
  type Seen,
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

describe("a resolve names the item it settles, where an intent has had more than one in review", () => {
  /** A charge captured by hand, marked done at review (its answer lost), whose capture of 1000 then went to review too. */
  async function captureAfterCharge(tenant: string) {
    const id = await chargeInReview(tenant, { captureMethod: "manual" });
    const charge = { outcome: "done", providerRef: pspReference(), reference: `${id}:1` } as const;
    await resolveReview(deps(), tenant, id, charge.outcome, charge.providerRef);
    const capture = `${id}:capture:late`;
    await claimModification(deps().db, tenant, id, "requires_capture", { action: "capture", amount: 1000, key: capture, since: iso(Date.now() - MONTH) });
    expect(await reconcileModifications(deps(), { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([{ id, action: "capture", outcome: "review" }]);
    return { id, charge, capture };
  }

  it("a late retry of the charge's word leaves the capture in review: answered by the charge's resolution when named, a 422 when not", async () => {
    const tenant = await adyenTenant();
    const { id, charge, capture } = await captureAfterCharge(tenant);
    const before = await read(tenant, id);
    expect(await json<Seen>(await resolve(tenant, id, charge), 200)).toEqual(before);
    const unnamed = await json<Problem>(await resolve(tenant, id, { outcome: charge.outcome, providerRef: charge.providerRef }), 422);
    expect([unnamed.code, unnamed.errors?.map((e) => e.path)]).toEqual(["reference_required", ["reference"]]);
    expect(await read(tenant, id)).toEqual(before);
    expect([before.status, before.pending?.action]).toEqual(["requires_capture", "capture"]);
    // The capture, named, settles.
    expect(await json<Seen>(await resolve(tenant, id, { outcome: "done", reference: capture }), 200)).toMatchObject({ status: "succeeded", amountCaptured: 1000 });
  });

  it("once nothing is in review, each item's retry is answered by its own resolution, not the newest on the intent", async () => {
    const tenant = await adyenTenant();
    const { id, charge, capture } = await captureAfterCharge(tenant);
    const settled = await json<Seen>(await resolve(tenant, id, { outcome: "not_done", reference: capture }), 200);
    expect([settled.status, settled.pending]).toEqual(["requires_capture", null]);
    expect(await json<Seen>(await resolve(tenant, id, charge), 200)).toEqual(settled);
    expect(await json<Seen>(await resolve(tenant, id, { outcome: "not_done", reference: capture }), 200)).toEqual(settled);
    const other = await json<Problem>(await resolve(tenant, id, { ...charge, outcome: "not_done" }), 409);
    expect([other.code, other.detail]).toEqual(["review_resolved", expect.stringMatching(/^The charge in review on pi_\w+ was marked done /)]);
    expect(await refused(await resolve(tenant, id, { outcome: "not_done" }))).toEqual([422, "reference_required"]);
    expect(await refused(await resolve(tenant, id, { outcome: "done", reference: `${id}:capture:never` }))).toEqual([409, "not_in_review"]);
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
