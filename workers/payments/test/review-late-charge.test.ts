import { beforeAll, describe, expect, it } from "vitest";
import type { ChargeRequest } from "../src/connectors/types";
import { reconcileModifications, reconcileRefunds } from "../src/service/reconcile";
import { captureIntent, refundIntent } from "../src/service/settle";
import { applyEvent, capturedUnreversed } from "../src/service/webhooks";
import { ENV, adyenNotifies, adyenWebhook, call, json, resetSim, simCharges, stripeWebhook, until } from "./helpers";
import { claimedAgo, lost, stripeWith } from "./provider-calls";
import { MONTH, adyenTenant, authorisation, chargeInReview, deps, inReview, pspReference, read, resolve, tenantAt, type Problem, type Seen } from "./review-items";

// A charge in review marked not done (its intent failed: the merchant was told so, and the buyer may have paid again
// under another intent) that the provider then reports charged after all. It was only flagged; now the provider's word
// stands and the charge is reversed automatically, through the refund and cancel calls every other refund and cancel
// takes: refunded in full (captured) or its authorisation cancelled (captured by hand), under a key derived from the
// attempt's, booked in the same write as the intent's move (one writer), so it is sent, retried and reconciled as any
// refund or cancel left pending is, and never refunds twice.

type Full = Omit<Seen, "refunds"> & { refunds: { id: string; status: string; providerRef: string | null; amount: number; reason: string | null }[] };

/** `provider`'s payment for `intentId`'s attempt 1 (the call Adyen or Stripe got after all), as the connector sends it. */
async function paidAt(provider: "adyen" | "stripe", intentId: string, capture: ChargeRequest["capture"] = "automatic") {
  const r = await deps().connectors[provider].charge({ key: `${intentId}:1`, reference: intentId, amount: 2500, currency: "EUR", method: "ideal", capture, returnUrl: null });
  if (!("ref" in r) || !r.ref) throw new Error(`the simulator made no payment: ${JSON.stringify(r)}`);
  return r.ref;
}

/** Stripe's event that `pi` (made for `intentId`) succeeded, or awaits capture. */
const stripeEvent = (intentId: string, pi: string, type = "payment_intent.succeeded") => ({
  id: `evt_${crypto.randomUUID().replace(/-/g, "")}`,
  type,
  data: { object: { id: pi, object: "payment_intent", status: type === "payment_intent.succeeded" ? "succeeded" : "requires_capture", amount_received: type === "payment_intent.succeeded" ? 2500 : 0, currency: "eur", metadata: { intent_id: intentId } } },
});

/** Has the simulator's Adyen decide what it received for `intentId` once it has it (the reversal is sent after the event's answer): the notifications' statuses. */
async function adyenDecides(intentId: string, outcome: "success" | "failure" = "success") {
  let delivered: number[] = [];
  await until(async () => (delivered = await adyenNotifies(intentId, outcome)).length > 0);
  return delivered;
}

const full = async (tenant: string, id: string) => (await read(tenant, id)) as Full;

/** What the intent of a late charge's cancel let go without being carried out says, after `why`. */
const cancelByHand = (why: string) =>
  `${why}: the automatic cancel of this authorisation, made after its charge was marked not done at review, did not happen; cancel it by hand (it cannot be captured)`;
const refusedCancel = { ok: false, code: "payment_intent_unexpected_state", message: "cannot cancel", failure: "refused" } as const;

beforeAll(resetSim);

describe("a charge marked not done that Adyen charged after all", () => {
  it("captured: the intent succeeds and is refunded in full at once, under the attempt's own reversal key, saying why; once, however often it is told", async () => {
    const tenant = await adyenTenant();
    const id = await chargeInReview(tenant);
    await json(await resolve(tenant, id, { outcome: "not_done" }), 200);
    // Adyen's word that it refused it changes nothing: the intent has failed already.
    expect((await adyenWebhook(authorisation(id, pspReference(), "false"))).status).toBe(200);
    expect((await read(tenant, id)).status).toBe("failed");

    const psp = await paidAt("adyen", id);
    expect((await adyenWebhook(authorisation(id, psp))).status).toBe(200);
    const revived = await full(tenant, id);
    const [refund] = revived.refunds;
    expect([revived.status, revived.amountCaptured, revived.amountRefunded, revived.attempts.map((a) => [a.status, a.providerRef])]).toEqual(["succeeded", 2500, 2500, [["authorized", psp]]]);
    expect(revived.refunds.map((r) => [r.amount, r.status])).toEqual([[2500, "pending"]]);
    expect(refund!.reason).toBe("automatic reversal: charge attempt 1 was marked not done at review and charged by adyen after all");
    const why = `charge attempt 1, marked not done at review, was charged by adyen after all (${psp}): refunded in full automatically as refund ${refund!.id}, as the intent had failed (the buyer may have paid again since)`;
    expect(revived.lastError).toBe(why);
    expect(revived.route.trace.at(-1)).toBe(`webhook: ${why}`);

    // Adyen received one refund (under the reversal's key) and its REFUND settles it.
    expect(await adyenDecides(id)).toEqual([200]);
    const reversed = await full(tenant, id);
    expect([reversed.status, reversed.amountRefunded, reversed.refunds.map((r) => r.status), reversed.lastError]).toEqual(["succeeded", 2500, ["succeeded"], why]);
    expect((await simCharges(id)).map((c) => [c.captured, c.refunded])).toEqual([[2500, 2500]]);

    // Delivered again, another success for it, a reconciliation run: nothing moves, nothing more is sent.
    expect((await adyenWebhook(authorisation(id, psp))).status).toBe(200);
    expect((await adyenWebhook(authorisation(id, pspReference()))).status).toBe(200);
    await reconcileRefunds(deps(), { olderThanMs: 0, limit: 10, tenantId: tenant });
    expect(await adyenNotifies(id, "success")).toEqual([]);
    expect(await full(tenant, id)).toEqual(reversed);
    expect((await ENV.DB.prepare("SELECT provider_key AS k FROM payment_refunds WHERE intent_id = ?").bind(id).all<{ k: string }>()).results.map((r) => r.k)).toEqual([`refund:reversal:${id}:1`]);
    // Nor can the merchant refund any of it again.
    await expect(refundIntent(deps(), tenant, id, `again-${id}`)).rejects.toMatchObject({ status: 409, code: "refund_exceeds_captured" });
  });

  it("captured by hand: its authorisation is cancelled, claimed under the reversal key until Adyen's CANCELLATION settles it", async () => {
    const tenant = await adyenTenant();
    const id = await chargeInReview(tenant, { captureMethod: "manual" });
    await json(await resolve(tenant, id, { outcome: "not_done" }), 200);
    const psp = await paidAt("adyen", id, "manual");
    expect((await adyenWebhook(authorisation(id, psp))).status).toBe(200);
    const held = await full(tenant, id);
    expect([held.status, held.amountCaptured, held.pending?.action, held.refunds]).toEqual(["requires_capture", 0, "cancel", []]);
    expect(held.lastError).toBe(`charge attempt 1, marked not done at review, was authorised by adyen after all (${psp}): its authorisation is cancelled automatically, as the intent had failed (the buyer may have paid again since)`);
    expect(await adyenDecides(id)).toEqual([200]);
    const canceled = await full(tenant, id);
    expect([canceled.status, canceled.pending]).toEqual(["canceled", null]);
    expect(canceled.route.trace.at(-1)).toBe(`webhook: ${held.lastError}`);
    expect((await simCharges(id)).map((c) => c.status)).toEqual(["canceled"]);
  });
});

describe("a late charge's reversal that did not happen", () => {
  it("captured, its refund failed in Adyen's REFUND: the amount counts as unrefunded, and the intent says to refund it by hand, in the same write", async () => {
    const tenant = await adyenTenant();
    const id = await chargeInReview(tenant);
    await json(await resolve(tenant, id, { outcome: "not_done" }), 200);
    const psp = await paidAt("adyen", id);
    expect((await adyenWebhook(authorisation(id, psp))).status).toBe(200);
    const refundId = (await full(tenant, id)).refunds[0]!.id;
    expect(await adyenDecides(id, "failure")).toEqual([200]);
    const seen = await full(tenant, id);
    expect([seen.status, seen.amountRefunded, seen.refunds.map((r) => r.status)]).toEqual(["succeeded", 0, ["failed"]]);
    expect(seen.lastError).toBe(
      `refund ${refundId} of 2500, the automatic reversal of a charge marked not done at review that its provider charged after all, did not go through: refund it by hand (the buyer may have paid again since)`,
    );
  });

  it("captured by hand, its cancel failed in Adyen's CANCELLATION: never captured by us, and it says to cancel it by hand; captured in Adyen's dashboard after all, it says to refund it by hand", async () => {
    const tenant = await adyenTenant();
    const id = await chargeInReview(tenant, { captureMethod: "manual" });
    await json(await resolve(tenant, id, { outcome: "not_done" }), 200);
    const psp = await paidAt("adyen", id, "manual");
    expect((await adyenWebhook(authorisation(id, psp))).status).toBe(200);
    // While its cancel is pending, a capture is refused, nothing sent.
    await expect(captureIntent(deps(), tenant, id)).rejects.toMatchObject({ status: 409, code: "reversal_pending" });
    expect(await adyenDecides(id, "failure")).toEqual([200]);
    const released = await full(tenant, id);
    expect([released.status, released.pending]).toEqual(["requires_capture", null]);
    expect(released.lastError).toBe(cancelByHand("adyen reported the cancel failed (Refused (simulated))"));
    // And after: the route's 409, and Adyen never asked to capture.
    const problem = await json<Problem>(await call(`/v1/payments/intents/${id}/capture`, { method: "POST", tenant }), 409);
    expect(problem.code).toBe("reversal_pending");
    expect((await simCharges(id)).map((c) => c.captured)).toEqual([0]);
    // Captured in Adyen's dashboard: it succeeds, and says it was not reversed.
    expect(await applyEvent(deps(), { provider: "adyen", eventId: `capture-${id}`, ref: psp, reference: id, to: "succeeded", amount: 2500 })).toBe("applied");
    const captured = await full(tenant, id);
    expect([captured.status, captured.amountCaptured, captured.lastError]).toEqual(["succeeded", 2500, capturedUnreversed("adyen", psp)]);
  });

  it("captured by hand, its cancel in review marked not done: never captured by us, and it says to cancel it by hand", async () => {
    const tenant = await adyenTenant();
    const id = await chargeInReview(tenant, { captureMethod: "manual" });
    await json(await resolve(tenant, id, { outcome: "not_done" }), 200);
    const psp = await paidAt("adyen", id, "manual");
    expect((await adyenWebhook(authorisation(id, psp))).status).toBe(200);
    // Adyen never tells; a month on, past its key window, the cancel goes to review.
    await claimedAgo(id, MONTH);
    expect(await reconcileModifications(deps(), { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([{ id, action: "cancel", outcome: "review" }]);
    await json(await resolve(tenant, id, { outcome: "not_done", reference: `cancel:reversal:${id}:1` }), 200);
    const seen = await full(tenant, id);
    expect([seen.status, seen.pending, seen.lastError]).toEqual(["requires_capture", null, cancelByHand("cancel marked not done at review (not carried out at adyen)")]);
    await expect(captureIntent(deps(), tenant, id)).rejects.toMatchObject({ status: 409, code: "reversal_pending" });
  });

  describe("at Stripe, captured by hand", () => {
    let tenant: string;
    let charges: string[];
    beforeAll(async () => {
      tenant = await tenantAt("stripe");
      charges = (await inReview(tenant, { charges: [{ captureMethod: "manual" }, { captureMethod: "manual" }], chargesAt: "stripe" })).charges;
      for (const id of charges) await json(await resolve(tenant, id, { outcome: "not_done" }), 200);
    });

    it("its cancel refused at once: never captured by us, and it says to cancel it by hand", async () => {
      const id = charges[0]!;
      const pi = await paidAt("stripe", id, "manual");
      const refusing = stripeWith(() => ({ cancel: async () => refusedCancel }));
      expect(await applyEvent(refusing, { provider: "stripe", eventId: `evt_${id}`, ref: pi, reference: id, to: "requires_capture" })).toBe("applied");
      const seen = await full(tenant, id);
      expect([seen.status, seen.pending, seen.lastError]).toEqual(["requires_capture", null, cancelByHand("stripe refused the cancel (payment_intent_unexpected_state)")]);
      await expect(captureIntent(deps(), tenant, id)).rejects.toMatchObject({ status: 409, code: "reversal_pending" });
      expect((await simCharges(id)).map((c) => c.captured)).toEqual([0]);
    });

    it("its cancel refused at reconciliation: never captured by us, and it says to cancel it by hand", async () => {
      const id = charges[1]!;
      const pi = await paidAt("stripe", id, "manual");
      expect(await applyEvent(stripeWith(() => ({ cancel: async () => lost })), { provider: "stripe", eventId: `evt_${id}`, ref: pi, reference: id, to: "requires_capture" })).toBe("applied");
      expect((await full(tenant, id)).pending?.action).toBe("cancel");
      const refusing = stripeWith(() => ({ cancel: async () => refusedCancel }));
      expect(await reconcileModifications(refusing, { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([{ id, action: "cancel", outcome: "released" }]);
      const seen = await full(tenant, id);
      expect([seen.status, seen.pending, seen.lastError]).toEqual(["requires_capture", null, cancelByHand("stripe refused the cancel (payment_intent_unexpected_state)")]);
      await expect(captureIntent(deps(), tenant, id)).rejects.toMatchObject({ status: 409, code: "reversal_pending" });
      expect((await simCharges(id)).map((c) => c.captured)).toEqual([0]);
    });
  });
});

describe("a charge marked not done that Stripe charged after all", () => {
  // Made once, one charge a test: charges at Stripe whose read gave up a month on, each marked not done.
  let tenant: string;
  let charges: string[];
  beforeAll(async () => {
    tenant = await tenantAt("stripe");
    charges = (await inReview(tenant, { charges: [{}, {}, {}, { captureMethod: "manual" }], chargesAt: "stripe" })).charges;
    for (const id of charges) await json(await resolve(tenant, id, { outcome: "not_done" }), 200);
  });

  it("told twice at once: one move, one refund, refunded once at Stripe", async () => {
    const id = charges[0]!;
    const pi = await paidAt("stripe", id);
    const answers = await Promise.all([stripeWebhook(stripeEvent(id, pi)), stripeWebhook(stripeEvent(id, pi))]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await until(async () => (await full(tenant, id)).refunds[0]?.status === "succeeded");
    const seen = await full(tenant, id);
    expect([seen.status, seen.amountCaptured, seen.amountRefunded, seen.refunds.map((r) => [r.amount, r.status, r.providerRef?.slice(0, 3)])]).toEqual(["succeeded", 2500, 2500, [[2500, "succeeded", "re_"]]]);
    expect((await simCharges(id)).map((c) => [c.captured, c.refunded])).toEqual([[2500, 2500]]);
  });

  it("the refund's answer lost: it stays pending, its amount held, and reconciliation asks again with its key; refunded once", async () => {
    const id = charges[1]!;
    const pi = await paidAt("stripe", id);
    // Stripe refunds, and its answer never arrives (twice: the refund is asked again at once with its key).
    const answerLost = stripeWith((real) => ({ refund: async (...a) => (await real.refund(...a), lost) }));
    expect(await applyEvent(answerLost, { provider: "stripe", eventId: `evt_${id}`, ref: pi, reference: id, to: "succeeded", amount: 2500 })).toBe("applied");
    const pending = await full(tenant, id);
    expect([pending.status, pending.amountRefunded, pending.refunds.map((r) => r.status)]).toEqual(["succeeded", 2500, ["pending"]]);
    expect(await reconcileRefunds(deps(), { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([{ id: pending.refunds[0]!.id, outcome: "succeeded" }]);
    expect((await full(tenant, id)).refunds.map((r) => r.status)).toEqual(["succeeded"]);
    expect((await simCharges(id)).map((c) => [c.captured, c.refunded])).toEqual([[2500, 2500]]);
  });

  it("the refund refused: its amount comes back, and the intent says it is the merchant's to refund by hand", async () => {
    const id = charges[2]!;
    const pi = await paidAt("stripe", id);
    const refusing = stripeWith(() => ({ refund: async () => ({ ok: false, code: "charge_disputed", message: "disputed", failure: "refused" }) }));
    expect(await applyEvent(refusing, { provider: "stripe", eventId: `evt_${id}`, ref: pi, reference: id, to: "succeeded", amount: 2500 })).toBe("applied");
    const seen = await full(tenant, id);
    expect([seen.status, seen.amountRefunded, seen.refunds.map((r) => r.status)]).toEqual(["succeeded", 0, ["failed"]]);
    expect(seen.lastError).toMatch(/, as the intent had failed \(the buyer may have paid again since\); stripe refused the refund \(charge_disputed\): refund it by hand$/);
  });

  it("captured by hand: Stripe cancels its authorisation at once", async () => {
    const id = charges[3]!;
    const pi = await paidAt("stripe", id, "manual");
    expect((await stripeWebhook(stripeEvent(id, pi, "payment_intent.amount_capturable_updated"))).status).toBe(200);
    await until(async () => (await full(tenant, id)).status === "canceled");
    expect((await full(tenant, id)).pending).toBeNull();
    expect((await simCharges(id)).map((c) => c.status)).toEqual(["canceled"]);
    expect(await reconcileModifications(deps(), { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([]);
  });
});
