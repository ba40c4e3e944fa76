import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectSafe } from "../../test/next-action-safety";
import { ACTION_LIMITS } from "../../../../shared/payments/buyer-action";
import { adyenAction } from "./adyen-action";

const BACK = "https://shop.example/return";

// Shapes from Adyen's Checkout API v71 reference (/payments response `action`: CheckoutRedirectAction, CheckoutQrCodeAction).
describe("Adyen's action in our shape", () => {
  it("redirect GET (iDEAL, Bancontact, PayPal): to Adyen's URL, back to the URL we sent (Adyen does not echo it)", () => {
    const action = { paymentMethodType: "ideal", url: "https://checkoutshopper-test.adyen.com/checkoutshopper/checkoutPaymentRedirect?redirectData=X6XtfGC3", method: "GET", type: "redirect" };
    expect(adyenAction(action, BACK)).toEqual({ action: { type: "redirect_to_url", url: action.url, method: "GET", returnUrl: BACK } });
  });

  it("redirect POST (3-D Secure 1): a form of its data posted to its URL", () => {
    const action = { data: { MD: "M2RzMS4wLjI", PaReq: "BQABAgCW5sxB4e", TermUrl: "https://shop.example/3ds" }, method: "POST", paymentData: "Ab02b4c0", paymentMethodType: "scheme", type: "redirect", url: "https://test.adyen.com/hpp/3d/validate.shtml" };
    expect(adyenAction(action, BACK)).toEqual({ action: { type: "redirect_to_url", url: action.url, method: "POST", data: action.data, returnUrl: BACK } });
  });

  it("qrCode (Pix, PromptPay, PayNow, WeChat Pay QR): its data and expiry", () => {
    const action = { paymentMethodType: "pix", qrCodeData: "00020101021226870014br.gov.bcb.pix", url: "https://test.adyen.com/hpp/generateQRCodeImage.shtml?url=x", type: "qrCode", expiresAt: "2024-03-20T14:52:02Z" };
    expect(adyenAction(action, null)).toEqual({ action: { type: "display_qr_code", data: action.qrCodeData, expiresAt: "2024-03-20T14:52:02.000Z" } });
  });

  it("an action with no shape here (threeDS2, await, voucher, sdk) is not shown, and says which", () => {
    expect(adyenAction({ type: "threeDS2", subtype: "fingerprint", token: "eyJ0aHJl", paymentMethodType: "scheme" }, BACK)).toEqual({ unshown: "Adyen's action threeDS2 has no shape in this API" });
    expect(adyenAction({ type: "voucher", paymentMethodType: "boletobancario" }, null)).toMatchObject({ unshown: expect.stringContaining("voucher") });
  });

  it("hostile or broken answers are not shown: a non-https or missing URL, another method, bad or huge data, no object", () => {
    expect(adyenAction({ type: "redirect", url: "http://bank.example/pay", method: "GET" }, BACK)).toEqual({ unshown: "Adyen's redirect has no https url" });
    expect(adyenAction({ type: "redirect", method: "GET" }, BACK)).toHaveProperty("unshown");
    expect(adyenAction({ type: "redirect", url: "https://bank.example/pay", method: "DELETE" }, BACK)).toEqual({ unshown: "Adyen's redirect has method DELETE" });
    expect(adyenAction({ type: "redirect", url: "https://bank.example/pay", method: "POST", data: { PaReq: 42 } }, BACK)).toHaveProperty("unshown");
    const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, "v"]));
    expect(adyenAction({ type: "redirect", url: "https://bank.example/pay", method: "POST", data: many }, BACK)).toHaveProperty("unshown");
    expect(adyenAction({ type: "redirect", url: "https://bank.example/pay", method: "POST", data: { PaReq: "x".repeat(1_000_000) } }, BACK)).toHaveProperty("unshown");
    // Each field within its bound, the whole form past the action's.
    const wide = Object.fromEntries(Array.from({ length: ACTION_LIMITS.formFields }, (_, i) => [`f${i}`, "v".repeat(ACTION_LIMITS.formValue)]));
    expect(adyenAction({ type: "redirect", url: "https://bank.example/pay", method: "POST", data: wide }, BACK)).toMatchObject({ unshown: expect.stringMatching(/bytes/) });
    expect(adyenAction({ type: "qrCode", qrCodeData: "" }, null)).toHaveProperty("unshown");
    expect(adyenAction({ type: "qrCode" }, null)).toHaveProperty("unshown");
    expect(adyenAction(undefined, BACK)).toEqual({ unshown: "Adyen gave no action" });
    expect(adyenAction([{ type: "redirect", url: "https://bank.example" }], BACK)).toHaveProperty("unshown");
  });

  it("a redirect with no method is a GET; a lower-case method is read as Adyen's", () => {
    expect(adyenAction({ type: "redirect", url: "https://bank.example/pay" }, null)).toEqual({ action: { type: "redirect_to_url", url: "https://bank.example/pay", method: "GET", returnUrl: null } });
    expect(adyenAction({ type: "redirect", url: "https://bank.example/pay", method: "post", data: { a: "b" } }, null)).toMatchObject({ action: { method: "POST", data: { a: "b" } } });
  });

  it("whatever Adyen answers, what is shown has https URLs only and fits the bound", () => {
    const action = fc.oneof(
      fc.anything(),
      fc.record(
        {
          type: fc.constantFrom("redirect", "qrCode", "threeDS2", "await"),
          url: fc.oneof(fc.webUrl({ validSchemes: ["https", "http"] }), fc.string()),
          method: fc.oneof(fc.constantFrom("GET", "POST", "get"), fc.string()),
          data: fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.anything()),
          qrCodeData: fc.oneof(fc.string(), fc.anything()),
          expiresAt: fc.oneof(fc.string(), fc.integer(), fc.date().map((d) => (Number.isNaN(d.getTime()) ? "" : d.toISOString()))),
        },
        { requiredKeys: ["type"] },
      ),
    );
    fc.assert(fc.property(action, (raw) => expectSafe(adyenAction(raw, BACK))));
  });
});
