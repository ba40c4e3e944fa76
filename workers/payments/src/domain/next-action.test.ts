import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACTION_LIMITS, buyerUrl, formFields, instant, qrData } from "../../../../shared/payments/buyer-action";
import { redirectsBuyer, returnUrlError, shown } from "./next-action";

describe("a provider's URL handed to a buyer (buyerUrl)", () => {
  it("takes absolute https URLs, normalised", () => {
    expect(buyerUrl("https://hooks.stripe.com/redirect/authenticate/src_1?client_secret=x")).toBe("https://hooks.stripe.com/redirect/authenticate/src_1?client_secret=x");
    expect(buyerUrl("HTTPS://CheckoutShopper-Test.Adyen.com/redirect")).toBe("https://checkoutshopper-test.adyen.com/redirect");
  });

  it("refuses anything else: other schemes, relative, credentials, not a string, past the bound", () => {
    for (const bad of ["http://bank.example/pay", "javascript:alert(1)", "data:text/html,<script>", "//bank.example/pay", "/pay", "https://user:pw@bank.example/", "", "https://", null, 42, {}, ["https://a.example"]]) {
      expect(buyerUrl(bad)).toBeNull();
    }
    expect(buyerUrl(`https://bank.example/${"a".repeat(ACTION_LIMITS.url)}`)).toBeNull();
  });

  it("whatever it is given, what it returns is an https URL with a host and no credentials, within the bound", () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ validSchemes: ["https", "http", "ftp"], withQueryParameters: true, withFragments: true }), fc.string(), fc.anything()), (raw) => {
        const url = buyerUrl(raw);
        if (url === null) return;
        const parsed = new URL(url);
        expect([parsed.protocol, parsed.username, parsed.password]).toEqual(["https:", "", ""]);
        expect(parsed.hostname.length).toBeGreaterThan(0);
        expect(url.length).toBeLessThanOrEqual(ACTION_LIMITS.url);
      }),
    );
  });
});

describe("a storefront's returnUrl (returnUrlError)", () => {
  it("takes https, and plain http only on the developer's own machine", () => {
    for (const ok of ["https://shop.example/return", "https://shop.example:8443/r?order=1#x", "http://localhost:8788/return", "http://127.0.0.1/r", "http://[::1]:3000/r", "https://xn--bcher-kva.example/r"]) {
      expect(returnUrlError(ok)).toBeNull();
    }
  });

  it("refuses what could leak the payment's result, or is no URL a provider can send a buyer to", () => {
    expect(returnUrlError("http://shop.example/return")).toMatch(/https/);
    expect(returnUrlError("http://localhost.evil.example/r")).toMatch(/https/);
    expect(returnUrlError("javascript:alert(1)")).toMatch(/https/);
    expect(returnUrlError("shop.example/return")).toMatch(/absolute/);
    expect(returnUrlError("https://user:secret@shop.example/")).toMatch(/credentials/);
    expect(returnUrlError("https://shop.example/a b")).toMatch(/printable ASCII/);
    expect(returnUrlError("https://bücher.example/")).toMatch(/printable ASCII/);
    expect(returnUrlError(`https://shop.example/${"a".repeat(2048)}`)).toMatch(/2048/);
  });
});

describe("the rest of an action's parts", () => {
  it("form fields: a bounded map of strings, or nothing", () => {
    expect(formFields({ PaReq: "eNpVUttu", MD: "abc", TermUrl: "https://shop.example/3ds" })).toEqual({ PaReq: "eNpVUttu", MD: "abc", TermUrl: "https://shop.example/3ds" });
    expect(formFields({ n: 1 })).toBeNull();
    expect(formFields(["a"])).toBeNull();
    expect(formFields("a=b")).toBeNull();
    expect(formFields({ "": "x" })).toBeNull();
    expect(formFields(Object.fromEntries(Array.from({ length: ACTION_LIMITS.formFields + 1 }, (_, i) => [`f${i}`, "v"])))).toBeNull();
    expect(formFields({ big: "x".repeat(ACTION_LIMITS.formValue + 1) })).toBeNull();
  });

  it("QR data: a non-empty bounded string", () => {
    expect(qrData("00020126580014br.gov.bcb.pix")).toBe("00020126580014br.gov.bcb.pix");
    expect(qrData("")).toBeNull();
    expect(qrData(12)).toBeNull();
    expect(qrData("x".repeat(ACTION_LIMITS.qrData + 1))).toBeNull();
  });

  it("instants: Unix seconds (Stripe) or a date-time (Adyen) as RFC 3339 UTC, else none", () => {
    expect(instant(1_700_000_000)).toBe("2023-11-14T22:13:20.000Z");
    expect(instant("2024-03-20T14:52:02+01:00")).toBe("2024-03-20T13:52:02.000Z");
    for (const bad of ["tomorrow", 1.5, Number.MAX_SAFE_INTEGER, -1, null, {}, "x".repeat(100)]) expect(instant(bad)).toBeUndefined();
  });

  it("a whole action past the byte bound is not shown", () => {
    const data = Object.fromEntries(Array.from({ length: ACTION_LIMITS.formFields }, (_, i) => [`f${i}`, "v".repeat(ACTION_LIMITS.formValue)]));
    expect(shown({ type: "redirect_to_url", url: "https://bank.example/", method: "POST", data, returnUrl: null })).toMatchObject({ unshown: expect.stringMatching(/bytes/) });
    expect(shown({ type: "display_qr_code", data: "pix" })).toEqual({ action: { type: "display_qr_code", data: "pix" } });
  });

  it("the methods that send the buyer away need a returnUrl; QR, voucher, code and card methods do not", () => {
    expect(["ideal", "bancontact", "eps", "klarna", "paypal", "alipay"].every(redirectsBuyer)).toBe(true);
    expect(["pix", "promptpay", "boleto", "blik", "sepa_debit", "card_visa", "apple_pay", "no_such_method"].some(redirectsBuyer)).toBe(false);
  });
});
