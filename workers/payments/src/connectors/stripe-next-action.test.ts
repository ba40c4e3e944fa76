import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectSafe } from "../../test/next-action-safety";
import { stripeNextAction } from "./stripe-next-action";

const BACK = "https://shop.example/return";

// Shapes from Stripe's API reference (PaymentIntent object, `next_action`).
describe("Stripe's next_action in our shape", () => {
  it("redirect_to_url (iDEAL, Bancontact, eps, 3-D Secure): a GET to Stripe's URL, back to the URL we sent", () => {
    const next = { type: "redirect_to_url", redirect_to_url: { url: "https://hooks.stripe.com/redirect/authenticate/src_1Mx?client_secret=src_client_secret_x", return_url: BACK } };
    expect(stripeNextAction(next, BACK)).toEqual({ action: { type: "redirect_to_url", url: next.redirect_to_url.url, method: "GET", returnUrl: BACK } });
  });

  it("alipay_handle_redirect: a GET to its url", () => {
    const next = { type: "alipay_handle_redirect", alipay_handle_redirect: { native_data: null, native_url: null, return_url: BACK, url: "https://hooks.stripe.com/alipay/acct_1/pa_nonce_x/redirect" } };
    expect(stripeNextAction(next, BACK)).toMatchObject({ action: { type: "redirect_to_url", url: next.alipay_handle_redirect.url, method: "GET" } });
  });

  it("pix_display_qr_code: the code, its PNG and its expiry", () => {
    const next = {
      type: "pix_display_qr_code",
      pix_display_qr_code: { data: "00020101021226880014br.gov.bcb.pix2566qrcodes", expires_at: 1_700_000_000, hosted_instructions_url: "https://payments.stripe.com/pix/instructions/x", image_url_png: "https://qr.stripe.com/x.png", image_url_svg: "https://qr.stripe.com/x.svg" },
    };
    expect(stripeNextAction(next, null)).toEqual({ action: { type: "display_qr_code", data: next.pix_display_qr_code.data, imageUrl: "https://qr.stripe.com/x.png", expiresAt: "2023-11-14T22:13:20.000Z" } });
  });

  it("other *_display_qr_code (PromptPay, PayNow, WeChat Pay) and Swish's QR code", () => {
    const promptpay = { type: "promptpay_display_qr_code", promptpay_display_qr_code: { data: "00020101021230", hosted_instructions_url: "https://payments.stripe.com/p", image_url_png: "https://qr.stripe.com/p.png", image_url_svg: "https://qr.stripe.com/p.svg" } };
    expect(stripeNextAction(promptpay, null)).toEqual({ action: { type: "display_qr_code", data: "00020101021230", imageUrl: "https://qr.stripe.com/p.png" } });
    const swish = { type: "swish_handle_redirect_or_display_qr_code", swish_handle_redirect_or_display_qr_code: { hosted_instructions_url: "https://payments.stripe.com/s", mobile_auth_url: "swish://paymentrequest", qr_code: { data: "D6ABC", image_url_png: "https://qr.stripe.com/s.png", image_url_svg: "https://qr.stripe.com/s.svg" } } };
    expect(stripeNextAction(swish, null)).toEqual({ action: { type: "display_qr_code", data: "D6ABC", imageUrl: "https://qr.stripe.com/s.png" } });
  });

  it("an action with no shape here (use_stripe_sdk, a voucher) is not shown, and says which", () => {
    expect(stripeNextAction({ type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect" } }, BACK)).toEqual({ unshown: "Stripe's next_action use_stripe_sdk has no shape in this API" });
    expect(stripeNextAction({ type: "boleto_display_details", boleto_display_details: { number: "1", pdf: "https://x" } }, null)).toMatchObject({ unshown: expect.stringContaining("boleto_display_details") });
  });

  it("hostile or broken answers are not shown: a non-https or missing URL, missing data, huge data, no object", () => {
    expect(stripeNextAction({ type: "redirect_to_url", redirect_to_url: { url: "http://hooks.stripe.com/redirect" } }, BACK)).toEqual({ unshown: "Stripe's redirect_to_url has no https url" });
    expect(stripeNextAction({ type: "redirect_to_url", redirect_to_url: { url: "javascript:alert(document.cookie)" } }, BACK)).toHaveProperty("unshown");
    expect(stripeNextAction({ type: "redirect_to_url" }, BACK)).toHaveProperty("unshown");
    expect(stripeNextAction({ type: "redirect_to_url", redirect_to_url: "https://hooks.stripe.com/x" }, BACK)).toHaveProperty("unshown");
    expect(stripeNextAction({ type: "pix_display_qr_code", pix_display_qr_code: {} }, null)).toHaveProperty("unshown");
    expect(stripeNextAction({ type: "pix_display_qr_code", pix_display_qr_code: { data: "x".repeat(1_000_000) } }, null)).toHaveProperty("unshown");
    expect(stripeNextAction(null, BACK)).toEqual({ unshown: "Stripe gave no next_action" });
    expect(stripeNextAction("redirect_to_url", BACK)).toHaveProperty("unshown");
    // The provider's text in our note is cut short and stripped of markup.
    const noted = stripeNextAction({ type: `<script>${"a".repeat(10_000)}` }, BACK) as { unshown: string };
    expect(noted.unshown.length).toBeLessThan(120);
    expect(noted.unshown).not.toMatch(/[<>]/);
  });

  it("a QR code keeps its data when only its image URL is unsafe: the image is left out", () => {
    expect(stripeNextAction({ type: "paynow_display_qr_code", paynow_display_qr_code: { data: "000201", image_url_png: "http://qr.example/p.png" } }, null)).toEqual({ action: { type: "display_qr_code", data: "000201" } });
  });

  it("whatever Stripe answers, what is shown has https URLs only and fits the bound", () => {
    const member = fc.record({ url: fc.oneof(fc.webUrl(), fc.string()), data: fc.string(), image_url_png: fc.oneof(fc.webUrl(), fc.string()), expires_at: fc.oneof(fc.integer(), fc.string()) }, { requiredKeys: [] });
    const nextAction = fc.oneof(
      fc.anything(),
      fc.constantFrom("redirect_to_url", "alipay_handle_redirect", "pix_display_qr_code", "wechat_pay_display_qr_code", "use_stripe_sdk").chain((type) => member.map((m) => ({ type, [type]: m }))),
    );
    fc.assert(fc.property(nextAction, (raw) => expectSafe(stripeNextAction(raw, BACK))));
  });
});

