import { beforeAll, describe, expect, it } from "vitest";
import { iso } from "../src/service/deps";
import { reconcileModifications } from "../src/service/reconcile";
import { resolveReview } from "../src/service/resolve-review";
import { newId } from "../../../shared/ids";
import { claimKey } from "../src/domain/review";
import { claimModification, releaseModification } from "../src/store/intents";
import { adyenNotifies, adyenWebhook, json, resetSim } from "./helpers";
import {
  MONTH,
  adyenTenant,
  authorized,
  chargeInReview,
  deps,
  everyKindInReview,
  inReview,
  list,
  modificationInReview,
  pspReference,
  read,
  refused,
  resolve,
  type Page,
  type Problem,
  type Seen,
} from "./review-items";

// Resolving an item in review, asked again and checked. A resolve whose write was applied but whose answer failed
// (a 5xx on the way out) had its Idempotency-Key released, so the client's retry ran again and, the item no longer in
// review, was told `not_in_review`: as though its word had not been taken. The operator's `providerRef` was stored
// whatever it was.

// Nothing here changes the simulator's scenario: it is reset once, from whatever the files before left.
beforeAll(resetSim);

describe("a resolve asked again is answered by what was decided, key or no key", () => {
  it("capture, cancel, refund and charge: the same word again answers the intent as the first did; another is a 409 naming the first", async () => {
    const tenant = await adyenTenant();
    const psp = pspReference();
    const { capture, cancel, refund, charge } = await everyKindInReview(tenant);
    const items = [
      { id: capture, word: { outcome: "done" }, other: { outcome: "not_done" }, decided: /^The capture in review on pi_\w+ was marked done at review at / },
      { id: cancel, word: { outcome: "not_done" }, other: { outcome: "done" }, decided: /^The cancel in review on pi_\w+ was marked not done at review at / },
      { id: refund.refundId, word: { outcome: "done", providerRef: psp }, other: { outcome: "done", providerRef: pspReference() }, decided: new RegExp(`^Refund re_\\w+ was marked done \\(${psp}\\) at review at `) },
      { id: charge, word: { outcome: "not_done" }, other: { outcome: "done", providerRef: pspReference() }, decided: /^The charge in review on pi_\w+ was marked not done at review at / },
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
    expect(await refused(await resolve(tenant, id, { outcome: "done", reference: `${id}:capture:never` }))).toEqual([422, "unknown_reference"]);
  });
});

describe("a reference that names no item is told apart from an item settled meanwhile", () => {
  // Made once, each test settling its own: a refund, a capture and a charge in review.
  let tenant: string;
  let made: Awaited<ReturnType<typeof inReview>>;
  beforeAll(async () => {
    tenant = await adyenTenant();
    made = await inReview(tenant, { refunds: [500], modifications: ["capture"], charges: [{}] });
  });
  const listed = async (id: string) => (await json<Page>(await list(tenant), 200)).items.find((i) => (i.refundId ?? i.intentId) === id)!.reference;

  it("a refund named by a reference not its own is a 422 naming the field, in review or resolved, and nothing settles", async () => {
    const { refundId, intentId } = made.refunds[0]!;
    const wrong = await json<Problem>(await resolve(tenant, refundId, { outcome: "not_done", reference: `${intentId}:1` }), 422);
    expect([wrong.code, wrong.errors?.map((e) => e.path), wrong.detail]).toEqual(["unknown_reference", ["reference"], expect.stringContaining(`is not the reference of any item of ${refundId}`)]);
    expect((await read(tenant, intentId)).refunds.map((r) => [r.status, r.providerRef])).toEqual([["pending", null]]);
    // Its own, as the list shows it, settles it; once resolved, the wrong one is still no retry of that word.
    const own = await listed(refundId);
    expect((await json<Seen>(await resolve(tenant, refundId, { outcome: "not_done", reference: own }), 200)).refunds.map((r) => r.status)).toEqual(["failed"]);
    expect(await refused(await resolve(tenant, refundId, { outcome: "not_done", reference: `${intentId}:1` }))).toEqual([422, "unknown_reference"]);
    expect((await json<Seen>(await resolve(tenant, refundId, { outcome: "not_done", reference: own }), 200)).refunds.map((r) => r.status)).toEqual(["failed"]);
  });

  it("an item the provider settled meanwhile, named by its reference, is still not in review (409); a reference of none is a 422", async () => {
    const capture = made.modifications[0]!;
    const reference = await listed(capture);
    expect(await adyenNotifies(capture, "success")).toEqual([200]);
    expect(await refused(await resolve(tenant, capture, { outcome: "done", reference }))).toEqual([409, "not_in_review"]);
    expect(await refused(await resolve(tenant, capture, { outcome: "done", reference: `${capture}:capture:never` }))).toEqual([422, "unknown_reference"]);
    // One shaped as a claim's key is, but never claimed on it: its keys are kept, so it names none.
    expect(await refused(await resolve(tenant, capture, { outcome: "done", reference: claimKey("capture", newId("mod")) }))).toEqual([422, "unknown_reference"]);
    expect(await refused(await resolve(tenant, capture, { outcome: "not_done", reference: claimKey("cancel", newId("mod")) }))).toEqual([422, "unknown_reference"]);
    // A charge Adyen's notification settled: its attempt's key still names it; another attempt's, never made, does not.
    const charge = made.charges[0]!;
    const authorisation = { pspReference: pspReference(), merchantAccountCode: "EcpLocalSim", merchantReference: charge, amount: { value: 2500, currency: "EUR" }, eventCode: "AUTHORISATION", success: "true" };
    expect((await adyenWebhook(authorisation)).status).toBe(200);
    expect(await refused(await resolve(tenant, charge, { outcome: "not_done", reference: `${charge}:1` }))).toEqual([409, "not_in_review"]);
    expect(await refused(await resolve(tenant, charge, { outcome: "not_done", reference: `${charge}:2` }))).toEqual([422, "unknown_reference"]);
    expect((await read(tenant, charge)).status).toBe("succeeded");
  });
});

describe("a capture's or cancel's key names it for good", () => {
  it("one never in review, let go by the provider's refusal, is still the intent's (409); a key claimed on another intent is not (422)", async () => {
    const tenant = await adyenTenant();
    const [id, other] = (await inReview(tenant, { modifications: ["cancel", "cancel"] })).modifications as [string, string];
    await json(await resolve(tenant, id, { outcome: "done" }), 200);
    // Another intent of the tenant's: a capture claimed on it and let go by the provider (never in review) leaves no trace on it.
    const key = claimKey("capture", newId("mod"));
    expect(await claimModification(deps().db, tenant, other, "requires_capture", { action: "capture", amount: 1000, key, since: iso(Date.now()) })).toBeNull();
    const otherId = await authorized(tenant);
    expect(await claimModification(deps().db, tenant, otherId, "requires_capture", { action: "capture", amount: 1000, key, since: iso(Date.now()) })).not.toBeNull();
    expect(await releaseModification(deps().db, otherId, key, "refused by adyen")).toBe(true);
    expect((await read(tenant, otherId)).pending).toBeNull();
    expect(await refused(await resolve(tenant, otherId, { outcome: "done", reference: key }))).toEqual([409, "not_in_review"]);
    expect(await refused(await resolve(tenant, id, { outcome: "done", reference: key }))).toEqual([422, "unknown_reference"]);
  });
});

describe("the operator's providerRef is a provider's reference", () => {
  // Made once: a refund neither test settles (each refuses the references given), a charge and a capture.
  let tenant: string;
  let made: Awaited<ReturnType<typeof inReview>>;
  beforeAll(async () => {
    tenant = await adyenTenant();
    made = await inReview(tenant, { refunds: [500], charges: [{}], modifications: ["capture"] });
  });

  it("one not shaped as any provider's is a 400 problem naming the field, and nothing is settled", async () => {
    const { refundId, intentId } = made.refunds[0]!;
    for (const providerRef of ["PSP-REFUND-1", "", " ", "x".repeat(300), "'; DROP TABLE payment_refunds; --", "qfqtpcq8hxskgk82", `${pspReference()}0`, "ch_3MtwBwLkdIwHu7ix28a3tqPa", 42]) {
      const res = await resolve(tenant, refundId, { outcome: "done", providerRef });
      expect([res.status, res.headers.get("content-type")], String(providerRef)).toEqual([400, "application/problem+json"]);
      const problem = (await res.json()) as Problem;
      expect([problem.code, problem.errors?.map((e) => e.path)], String(providerRef)).toEqual(["validation_failed", ["providerRef"]]);
    }
    expect((await read(tenant, intentId)).refunds.map((r) => [r.status, r.providerRef])).toEqual([["pending", null]]);
  });

  it("one shaped as another provider's, or as another kind's, is a 422 saying what it should be", async () => {
    const { refundId, intentId } = made.refunds[0]!;
    const stripes = await json<Problem>(await resolve(tenant, refundId, { outcome: "done", providerRef: "re_3MtwBwLkdIwHu7ix0vZ9vyJ4" }), 422);
    expect([stripes.code, stripes.detail, stripes.errors?.map((e) => e.path)]).toEqual(["provider_ref_mismatch", expect.stringContaining("pspReference"), ["providerRef"]]);
    expect((await read(tenant, intentId)).refunds.map((r) => r.status)).toEqual(["pending"]);
    const charge = made.charges[0]!;
    expect(await refused(await resolve(tenant, charge, { outcome: "done", providerRef: "re_3MtwBwLkdIwHu7ix0vZ9vyJ4" }))).toEqual([422, "provider_ref_mismatch"]);
    // Where done takes none (a capture acts on the payment the intent names), one given is not kept.
    const capture = made.modifications[0]!;
    expect((await json<{ status: string }>(await resolve(tenant, capture, { outcome: "done", providerRef: pspReference() }), 200)).status).toBe("succeeded");
  });
});
