import { describe, expect, it } from "vitest";
import { adyenConnector } from "../src/connectors/adyen";
import { REFUND_PAGES, stripeConnector } from "../src/connectors/stripe";
import { readOf, type ChargeRequest, type Connector } from "../src/connectors/types";
import { refundListing } from "./provider-calls";

// Each connector against a fake transport that answers one fixed response: how an answer reads as a charge result.
const answering = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const transport = (status: number, body: unknown) => ({ baseUrl: "https://provider.test", secret: "bad", timeoutMs: 1000, merchantAccount: "M", fetch: answering(status, body) as unknown as typeof fetch });
const request: ChargeRequest = { key: "pi_test:1", reference: "pi_test", amount: 2500, currency: "EUR", method: "ideal", capture: "automatic", returnUrl: null };
const charge = (make: (t: ReturnType<typeof transport>) => Connector, status: number, body: unknown) => make(transport(status, body)).charge(request);

describe("a provider's answer that decides nothing about the payment is turned away (an outage: fall back, counted by health)", () => {
  it("Adyen: 401 security, 403 and a 422 validation error carry no resultCode", async () => {
    expect(await charge(adyenConnector, 401, { status: 401, errorCode: "000", message: "HTTP Status Response - Unauthorized", errorType: "security" })).toEqual({ kind: "outage", code: "http_401 security 000" });
    expect(await charge(adyenConnector, 403, { status: 403, errorCode: "010", message: "Not allowed", errorType: "security" })).toMatchObject({ kind: "outage", code: expect.stringMatching(/^http_403/) });
    expect(await charge(adyenConnector, 422, { status: 422, errorCode: "137", message: "Invalid amount specified", errorType: "validation" })).toMatchObject({ kind: "outage" });
    expect(await charge(adyenConnector, 400, "not json")).toEqual({ kind: "outage", code: "http_400", answered: true });
  });

  it("Stripe: a 401 invalid API key, a 403 and a 400 invalid_request_error (method not activated) are not card declines", async () => {
    expect(await charge(stripeConnector, 401, { error: { type: "invalid_request_error", message: "Invalid API Key provided." } })).toEqual({ kind: "outage", code: "http_401 invalid_request_error" });
    expect(await charge(stripeConnector, 403, { error: { type: "invalid_request_error", code: "secret_key_required" } })).toMatchObject({ kind: "outage" });
    expect(await charge(stripeConnector, 400, { error: { type: "invalid_request_error", code: "payment_method_type_not_activated", message: "The payment method type \"ideal\" is invalid." } })).toEqual({ kind: "outage", code: "http_400 payment_method_type_not_activated", answered: true });
  });

  it("still a decline: Adyen's Refused resultCodes and Stripe's card_error", async () => {
    expect(await charge(adyenConnector, 200, { pspReference: "P1", resultCode: "Refused", refusalReason: "Not enough balance", refusalReasonCode: "12" })).toEqual({ kind: "declined", ref: "P1", code: "12 Not enough balance", soft: false });
    expect(await charge(adyenConnector, 200, { pspReference: "P2", resultCode: "Refused", refusalReason: "Issuer Unavailable", refusalReasonCode: "9" })).toMatchObject({ kind: "declined", soft: true });
    const card = { error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds", payment_intent: { id: "pi_1", status: "requires_payment_method" } } };
    expect(await charge(stripeConnector, 402, card)).toEqual({ kind: "declined", ref: "pi_1", code: "insufficient_funds", soft: false });
  });

  it("still unknown: a request under the same key in flight or made (it may have charged), and a 5xx other than 503", async () => {
    expect(await charge(adyenConnector, 422, { status: 422, errorCode: "704", message: "request already processed or in progress", errorType: "validation" })).toMatchObject({ kind: "unknown" });
    expect(await charge(adyenConnector, 409, {})).toMatchObject({ kind: "unknown" });
    expect(await charge(stripeConnector, 400, { error: { type: "idempotency_error", message: "Keys for idempotent requests can only be used with the same parameters" } })).toMatchObject({ kind: "unknown" });
    expect(await charge(stripeConnector, 409, { error: { type: "idempotency_error" } })).toMatchObject({ kind: "unknown" });
    expect(await charge(stripeConnector, 500, { error: { type: "api_error" } })).toEqual({ kind: "unknown", code: "http_500" });
    expect(await charge(stripeConnector, 503, { error: { type: "api_error" } })).toEqual({ kind: "outage", code: "http_503" });
  });

  it("held unfinished at the provider (reconciliation waits longer between asks): Stripe processing, Adyen Received and Pending; no answer is not", async () => {
    expect(await charge(stripeConnector, 200, { id: "pi_1", status: "processing" })).toEqual({ kind: "unknown", code: "processing", pending: true });
    expect(await charge(adyenConnector, 200, { pspReference: "P1", resultCode: "Received" })).toEqual({ kind: "unknown", code: "Received", pending: true, ref: "P1" });
    expect(await charge(adyenConnector, 200, { pspReference: "P1", resultCode: "Pending" })).toEqual({ kind: "unknown", code: "Pending", pending: true, ref: "P1" });
    expect(await charge(stripeConnector, 502, "bad gateway")).not.toHaveProperty("pending");
  });

  it("a modification turned away for its credentials is turned_away; another 4xx is the provider's refusal of it", async () => {
    const adyen401 = adyenConnector(transport(401, { status: 401, errorCode: "000", errorType: "security" }));
    expect(await adyen401.refund("P1", 1000, "EUR", "k")).toMatchObject({ ok: false, failure: "turned_away" });
    const adyen422 = adyenConnector(transport(422, { status: 422, errorCode: "167", message: "Original pspReference required for this operation", errorType: "validation" }));
    expect(await adyen422.refund("P1", 1000, "EUR", "k")).toMatchObject({ ok: false, failure: "refused" });
    const stripe403 = stripeConnector(transport(403, { error: { type: "invalid_request_error" } }));
    expect(await stripe403.capture("pi_1", 1000, "EUR", "k")).toMatchObject({ ok: false, failure: "turned_away" });
    const stripe400 = stripeConnector(transport(400, { error: { type: "invalid_request_error", code: "amount_too_large" } }));
    expect(await stripe400.refund("pi_1", 1000, "EUR", "k")).toMatchObject({ ok: false, failure: "refused" });
  });
});

describe("a capture, cancel or refund under a key a request in flight or made already holds", () => {
  // A retry of a pending refund sends its key again, perhaps while the first call is still under way: read as a
  // refusal, that would fail a refund the provider is making and give its amount back.
  it("is unknown (it may have acted), never a refusal", async () => {
    const adyen704 = adyenConnector(transport(422, { status: 422, errorCode: "704", message: "request already processed or in progress", errorType: "validation" }));
    expect(await adyen704.refund("P1", 1000, "EUR", "k")).toMatchObject({ ok: false, failure: "unknown" });
    expect(await adyenConnector(transport(409, {})).capture("P1", 1000, "EUR", "k")).toMatchObject({ ok: false, failure: "unknown" });
    expect(await stripeConnector(transport(409, { error: { type: "idempotency_error" } })).refund("pi_1", 1000, "EUR", "k")).toMatchObject({ ok: false, failure: "unknown" });
    const reused = stripeConnector(transport(400, { error: { type: "idempotency_error", message: "Keys for idempotent requests can only be used with the same parameters" } }));
    expect(await reused.cancel("pi_1", "k")).toMatchObject({ ok: false, failure: "unknown" });
  });
});

describe("a Stripe refund is done only when Stripe says it succeeded", () => {
  it("pending and requires_action (cash and bank methods) are accepted but not settled; failed and canceled are refused", async () => {
    const refund = (status: string) => stripeConnector(transport(200, { id: "re_1", object: "refund", status })).refund("pi_1", 1000, "EUR", "k");
    expect(await refund("succeeded")).toEqual({ ok: true, ref: "re_1", settled: true });
    expect(await refund("pending")).toEqual({ ok: true, ref: "re_1", settled: false });
    expect(await refund("requires_action")).toEqual({ ok: true, ref: "re_1", settled: false });
    expect(await refund("failed")).toMatchObject({ ok: false, code: "refund_failed", failure: "refused" });
    expect(await refund("canceled")).toMatchObject({ ok: false, code: "refund_canceled", failure: "refused" });
  });
});

describe("an amount a provider cannot take in its units", () => {
  it("is never sent: a result of its own kind, not a decline (Stripe: KWD not ending in 0; Adyen: IDR below its whole rupiah)", async () => {
    let calls = 0;
    const counting = { ...transport(200, {}), fetch: (async () => (calls++, new Response("{}"))) as unknown as typeof fetch };
    const notSent = { kind: "not_sent", code: "amount_not_representable" };
    expect(await stripeConnector(counting).charge({ ...request, amount: 5_125, currency: "KWD", method: "card_visa" })).toEqual(notSent);
    expect(await adyenConnector(counting).charge({ ...request, amount: 150, currency: "IDR", method: "card_visa" })).toEqual(notSent);
    expect(calls).toBe(0);
  });
});

describe("a Stripe refund read pages through the charge's refunds (100 a page, newest first)", () => {
  const listing = (total: number, at: number | null) => {
    const { fetch, asked } = refundListing(total, at, "re_ours");
    return { stripe: stripeConnector({ ...transport(200, {}), fetch }), asked };
  };
  /** A caller that lets it read every page it would. */
  const unbounded = () => true;

  it("finds a refund past the first 100, asking for each page after the last refund seen", async () => {
    const { stripe, asked } = listing(250, 230);
    expect(await stripe.lookupRefund!("pi_1", "re_ours", unbounded)).toEqual({ ok: true, ref: "re_00230", settled: true });
    expect(asked).toEqual(["?payment_intent=pi_1&limit=100", "?payment_intent=pi_1&limit=100&starting_after=re_00099", "?payment_intent=pi_1&limit=100&starting_after=re_00199"]);
  });

  it("the whole list without the key is not found yet: unknown, never refused", async () => {
    const { stripe, asked } = listing(150, null);
    expect(await stripe.lookupRefund!("pi_1", "re_ours", unbounded)).toMatchObject({ ok: false, code: "not_found_yet", failure: "unknown" });
    expect(asked).toHaveLength(2);
  });

  it(`past ${REFUND_PAGES} pages it reads no further: unknown (it may well be there), never "not made"`, async () => {
    const { stripe, asked } = listing(REFUND_PAGES * 100 + 50, REFUND_PAGES * 100 + 10);
    expect(await stripe.lookupRefund!("pi_1", "re_ours", unbounded)).toMatchObject({ ok: false, code: "refund_list_too_long", failure: "unknown" });
    expect(asked).toHaveLength(REFUND_PAGES);
  });

  it("a caller with no call left for another page stops it: unknown", async () => {
    const { stripe, asked } = listing(250, 230);
    let pages = 1;
    expect(await stripe.lookupRefund!("pi_1", "re_ours", () => pages++ < 2)).toMatchObject({ ok: false, code: "read_stopped", failure: "unknown" });
    expect(asked).toHaveLength(2);
  });
});

describe("readOf: whether a provider has a read of a kind of item left pending, said in one place", () => {
  it("Stripe reads each kind (its search, its refund list, its PaymentIntent), and a payment by its id; Adyen none: its notifications settle them", async () => {
    const stripe = stripeConnector(transport(200, { id: "pi_1", status: "canceled" }));
    const adyen = adyenConnector(transport(200, {}));
    for (const kind of ["charge", "refund", "capture", "cancel", "payment"] as const) {
      expect(typeof readOf(stripe, kind), kind).toBe("function");
      expect(readOf(adyen, kind), kind).toBeUndefined();
    }
    // The read it gives is the connector's own, callable on its own.
    expect(await readOf(stripe, "cancel")!("pi_1", "cancel")).toEqual({ ok: true, ref: "pi_1", settled: true });
    expect(readOf({ ...stripe, lookupModification: undefined }, "capture")).toBeUndefined();
  });
});

describe("Stripe's read of a payment by its id: what an operator's reference of a charge in review is checked against", () => {
  const readPayment = (status: number, body: unknown) => stripeConnector(transport(status, body)).readPayment!("pi_1");
  const intent = { id: "pi_1", object: "payment_intent", amount: 2500, amount_received: 2500, currency: "eur", status: "succeeded", metadata: { intent_id: "pi_ours" } };

  it("shows it as a charge's answer would, amounts in ISO minor units", async () => {
    expect(await readPayment(200, intent)).toEqual({
      shown: { ref: "pi_1", result: { kind: "authorized", ref: "pi_1", captured: true, code: "succeeded" }, amount: 2500, captured: 2500, currency: "EUR", intentId: "pi_ours" },
    });
    expect(await readPayment(200, { ...intent, status: "requires_capture", amount_received: 0, metadata: {} })).toMatchObject({ shown: { result: { kind: "authorized", captured: false }, captured: 0, intentId: null } });
    // ISK is two-decimal at Stripe, zero-decimal in ISO: 100 at Stripe is one króna.
    expect(await readPayment(200, { ...intent, amount: 50_000, amount_received: 50_000, currency: "isk" })).toMatchObject({ shown: { amount: 500, captured: 500, currency: "ISK" } });
  });

  it("Stripe's resource_missing is not known there; any other failure, or no answer, says nothing", async () => {
    expect(await readPayment(404, { error: { type: "invalid_request_error", code: "resource_missing", message: "No such payment_intent: 'pi_1'" } })).toEqual({ notFound: true });
    expect(await readPayment(404, { error: { type: "invalid_request_error", message: "Unrecognized request URL" } })).toEqual({ unknown: "http_404" });
    expect(await readPayment(500, { error: { type: "api_error" } })).toEqual({ unknown: "http_500" });
    expect(await readPayment(401, { error: { type: "invalid_request_error" } })).toEqual({ unknown: "http_401" });
  });
});
