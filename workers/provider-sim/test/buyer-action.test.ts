import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { crc16 } from "../src/pix";

// What each provider format asks the buyer to do in `requires_action` mode: Stripe's `next_action` and Adyen's
// `action`, echoing the return URL the charge was sent with. A ledger object of this file's own, so its scenario
// never reaches another file's calls.

const sim = () => (env as unknown as Env).LEDGER.get((env as unknown as Env).LEDGER.idFromName("buyer-action-test"));
const send = async (path: string, init: RequestInit) => {
  const res = await sim().fetch(`http://provider-sim${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
const scenario = (s: unknown) => send("/_sim/scenario", { method: "PUT", body: JSON.stringify(s) });

const stripe = (fields: Record<string, string>) =>
  send("/v1/payment_intents", {
    method: "POST",
    headers: { authorization: "Bearer sk_test_sim", "content-type": "application/x-www-form-urlencoded", "idempotency-key": crypto.randomUUID() },
    body: new URLSearchParams({ amount: "2500", currency: "eur", confirm: "true", "payment_method_types[]": "ideal", "metadata[intent_id]": "pi_ours", ...fields }).toString(),
  });
const adyen = (body: Record<string, unknown>) =>
  send("/v71/payments", {
    method: "POST",
    headers: { "x-api-key": "test", "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
    body: JSON.stringify({ merchantAccount: "Sim", reference: "pi_ours", amount: { value: 2500, currency: "EUR" }, paymentMethod: { type: "ideal" }, ...body }),
  });

/** Whether a BR Code's last field is the CRC16 of everything before its four digits. */
const crcHolds = (code: string) => code.slice(-8, -4) === "6304" && crc16(code.slice(0, -4)) === code.slice(-4);

describe("requires_action mode", () => {
  it("Stripe: a redirect_to_url echoing the return_url it was sent (null when none), kept on the charge", async () => {
    await scenario({ stripe: { mode: "requires_action" } });
    const sent = await stripe({ return_url: "https://shop.example/checkout/lst_1/done?intent=pi_ours&sig=ab" });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      status: "requires_action",
      next_action: { type: "redirect_to_url", redirect_to_url: { url: `https://hooks.stripe.sim/redirect/${sent.body.id}`, return_url: "https://shop.example/checkout/lst_1/done?intent=pi_ours&sig=ab" } },
    });
    expect((await stripe({})).body.next_action.redirect_to_url.return_url).toBeNull();
    const read = await send(`/v1/payment_intents/${sent.body.id}`, { headers: { authorization: "Bearer sk_test_sim" } });
    expect(read.body.next_action).toEqual(sent.body.next_action);
  });

  it("Stripe: Pix is a pix_display_qr_code, its data a BR Code, its images https, expiring a day after creation", async () => {
    await scenario({ stripe: { mode: "requires_action" } });
    const { body } = await stripe({ "payment_method_types[]": "pix", currency: "brl" });
    expect(body.next_action.type).toBe("pix_display_qr_code");
    const qr = body.next_action.pix_display_qr_code;
    expect(qr.data).toMatch(/^000201010212.*br\.gov\.bcb\.pix.*5303986540525\.00.*6304[0-9A-F]{4}$/);
    expect(crcHolds(qr.data)).toBe(true);
    expect(qr.expires_at).toBe(body.created + 86_400);
    for (const url of [qr.image_url_png, qr.image_url_svg, qr.hosted_instructions_url]) expect(new URL(url).protocol).toBe("https:");
  });

  it("Adyen: RedirectShopper with a GET redirect, the returnUrl kept on the charge (Adyen does not echo it)", async () => {
    await scenario({ adyen: { mode: "requires_action" } });
    const { body } = await adyen({ returnUrl: "https://shop.example/back" });
    expect(body).toMatchObject({ resultCode: "RedirectShopper", action: { type: "redirect", method: "GET", url: `https://checkoutshopper-test.adyen.sim/redirect/${body.pspReference}` } });
    const charges = await send("/_sim/charges?reference=pi_ours", { method: "GET" });
    expect(charges.body.items.find((c: { ref: string }) => c.ref === body.pspReference)).toMatchObject({ returnUrl: "https://shop.example/back", method: "ideal" });
  });

  it("Adyen: Pix is Pending with a qrCode action of a BR Code, its expiry in additionalData", async () => {
    await scenario({ adyen: { mode: "requires_action" } });
    const { body } = await adyen({ amount: { value: 2500, currency: "BRL" }, paymentMethod: { type: "pix" } });
    expect(body).toMatchObject({ resultCode: "Pending", action: { type: "qrCode", paymentMethodType: "pix" } });
    expect(crcHolds(body.action.qrCodeData)).toBe(true);
    expect(Date.parse(body.additionalData["pix.expirationDate"])).toBeGreaterThan(Date.now());
  });

  it("other modes are as before: ok answers a charge with no action", async () => {
    await scenario({ stripe: { mode: "ok" }, adyen: { mode: "ok" } });
    expect((await stripe({ "payment_method_types[]": "pix", return_url: "https://shop.example/back" })).body).toMatchObject({ status: "succeeded", next_action: null });
    expect((await adyen({ paymentMethod: { type: "pix" } })).body.resultCode).toBe("Authorised");
  });
});

describe("crc16", () => {
  it("is CRC-16/CCITT-FALSE: the catalogue's check value", () => {
    expect(crc16("123456789")).toBe("29B1");
  });
});

describe("the buyer's outcome (`/_sim/buyer`)", () => {
  const buyer = (reference: string, outcome: string) => send(`/_sim/buyer?reference=${reference}`, { method: "POST", body: JSON.stringify({ outcome }) });
  const read = (id: string) => send(`/v1/payment_intents/${id}`, { headers: { authorization: "Bearer sk_test_sim" } });

  it("Stripe: unanswered, the PaymentIntent stays requires_action until cancelled; paid late, it succeeds and can no longer be cancelled", async () => {
    await scenario({ stripe: { mode: "requires_action" } });
    const left = (await stripe({ "metadata[intent_id]": "pi_left" })).body;
    expect((await buyer("pi_left", "abandoned")).body.charges).toMatchObject([{ status: "requires_action" }]);
    expect((await read(left.id)).body.status).toBe("requires_action");
    const cancel = (id: string) => send(`/v1/payment_intents/${id}/cancel`, { method: "POST", headers: { authorization: "Bearer sk_test_sim", "idempotency-key": crypto.randomUUID() } });
    expect((await cancel(left.id)).body.status).toBe("canceled");

    const paid = (await stripe({ "metadata[intent_id]": "pi_paid", capture_method: "manual" })).body;
    expect((await buyer("pi_paid", "paid")).body.charges).toMatchObject([{ status: "requires_capture" }]);
    expect((await read(paid.id)).body.status).toBe("requires_capture");
    const late = (await stripe({ "metadata[intent_id]": "pi_late" })).body;
    await buyer("pi_late", "paid");
    expect((await cancel(late.id)).body.error.code).toBe("payment_intent_unexpected_state");
  });

  it("Adyen: abandoned, the offer is closed with a signed OFFER_CLOSED; paid, a signed AUTHORISATION", async () => {
    await scenario({ adyen: { mode: "requires_action" } });
    await adyen({ reference: "pi_gone" });
    const gone = (await buyer("pi_gone", "abandoned")).body;
    expect(gone.charges).toMatchObject([{ status: "canceled" }]);
    expect(gone.notifications[0].notificationItems[0].NotificationRequestItem).toMatchObject({ eventCode: "OFFER_CLOSED", success: "true", merchantReference: "pi_gone" });
    await adyen({ reference: "pi_back" });
    const back = (await buyer("pi_back", "paid")).body;
    expect(back.charges).toMatchObject([{ status: "succeeded" }]);
    expect(back.notifications[0].notificationItems[0].NotificationRequestItem).toMatchObject({ eventCode: "AUTHORISATION", success: "true", merchantReference: "pi_back" });
    // Nothing awaits the buyer any more: a second word changes nothing.
    expect((await buyer("pi_back", "abandoned")).body).toEqual({ charges: [], notifications: [], returns: [] });
    expect((await buyer("pi_back", "later")).status).toBe(400);
  });
});

describe("a card's 3-D Secure at Adyen (`three_ds` mode) and /payments/details", () => {
  const buyer = (reference: string, outcome: string) => send(`/_sim/buyer?reference=${reference}`, { method: "POST", body: JSON.stringify({ outcome }) });
  const details = (redirectResult: unknown, key: string = crypto.randomUUID()) =>
    send("/v71/payments/details", { method: "POST", headers: { "x-api-key": "test", "content-type": "application/json", "idempotency-key": key }, body: JSON.stringify({ details: { redirectResult } }) });
  const charge = async (reference: string) => (await send(`/_sim/charges?reference=${reference}`, { method: "GET" })).body.items as Record<string, unknown>[];

  it("a card is RedirectShopper to the 3-D Secure page; other methods are answered as ok", async () => {
    await scenario({ adyen: { mode: "three_ds" } });
    const { body } = await adyen({ reference: "pi_3ds_card", paymentMethod: { type: "scheme" }, returnUrl: "https://shop.example/back?order=1" });
    expect(body).toMatchObject({ resultCode: "RedirectShopper", action: { type: "redirect", method: "GET", url: `https://checkoutshopper-test.adyen.sim/threeDS/redirect/${body.pspReference}`, paymentMethodType: "scheme" } });
    expect((await adyen({ reference: "pi_3ds_ideal" })).body.resultCode).toBe("Authorised");
  });

  it("passed: the buyer lands on the returnUrl with a redirectResult, and only /payments/details authorises it, once", async () => {
    await scenario({ adyen: { mode: "three_ds" } });
    const { body } = await adyen({ reference: "pi_3ds_ok", paymentMethod: { type: "scheme" }, returnUrl: "https://shop.example/back?order=1" });
    const back = (await buyer("pi_3ds_ok", "paid")).body;
    expect(back.notifications).toEqual([]);
    const landed = new URL(back.returns[0]);
    expect([landed.origin + landed.pathname, landed.searchParams.get("order")]).toEqual(["https://shop.example/back", "1"]);
    const redirectResult = landed.searchParams.get("redirectResult")!;
    expect((await charge("pi_3ds_ok"))[0]).toMatchObject({ status: "requires_action", captured: 0 });
    // Back already: another word from the buyer changes nothing.
    expect((await buyer("pi_3ds_ok", "paid")).body.returns).toEqual([]);

    const key = crypto.randomUUID();
    const first = await details(redirectResult, key);
    expect([first.status, first.body]).toEqual([200, { pspReference: body.pspReference, merchantReference: "pi_3ds_ok", resultCode: "Authorised", amount: { value: 2500, currency: "EUR" } }]);
    expect((await details(redirectResult, key)).body).toEqual(first.body);
    // Under another key it answers the result it made, never a second authorisation.
    expect((await details(redirectResult)).body).toEqual(first.body);
    expect(await charge("pi_3ds_ok")).toMatchObject([{ status: "succeeded", captured: 2500 }]);
  });

  it("failed: /payments/details answers Refused 11 (3D Not Authenticated)", async () => {
    await scenario({ adyen: { mode: "three_ds" } });
    await adyen({ reference: "pi_3ds_no", paymentMethod: { type: "scheme" }, returnUrl: "https://shop.example/back" });
    const redirectResult = new URL((await buyer("pi_3ds_no", "refused")).body.returns[0]).searchParams.get("redirectResult");
    expect((await details(redirectResult)).body).toMatchObject({ resultCode: "Refused", refusalReasonCode: "11", refusalReason: "3D Not Authenticated" });
    expect(await charge("pi_3ds_no")).toMatchObject([{ status: "failed" }]);
  });

  it("with `detailsReceived`, /payments/details answers Received and decides nothing", async () => {
    await scenario({ adyen: { mode: "three_ds", detailsReceived: true } });
    await adyen({ reference: "pi_3ds_rcv", paymentMethod: { type: "scheme" }, returnUrl: "https://shop.example/back" });
    const redirectResult = new URL((await buyer("pi_3ds_rcv", "paid")).body.returns[0]).searchParams.get("redirectResult");
    expect((await details(redirectResult)).body).toMatchObject({ resultCode: "Received", merchantReference: "pi_3ds_rcv" });
    expect(await charge("pi_3ds_rcv")).toMatchObject([{ status: "requires_action", captured: 0 }]);
  });

  it("a redirectResult of no payment, or none, is a 422 that decides nothing", async () => {
    for (const r of ["Ab02b4c0!unknown", "", undefined]) {
      const res = await details(r);
      expect([res.status, res.body.errorType], String(r)).toEqual([422, "validation"]);
      expect(res.body.resultCode).toBeUndefined();
    }
  });
});
