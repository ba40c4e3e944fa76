import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buyerUrl } from "../../../shared/payments/buyer-action";
import { buyerStep } from "../src/buyer-step";

const awaiting = (nextAction: unknown) => ({ status: "requires_action", nextAction });

describe("buyerStep", () => {
  it("a GET redirect is a plain redirect to its https URL", () => {
    expect(buyerStep(awaiting({ type: "redirect_to_url", url: "https://hooks.stripe.com/redirect/authenticate/src_1", method: "GET", returnUrl: "https://shop.example/r" }))).toEqual({
      kind: "go",
      url: "https://hooks.stripe.com/redirect/authenticate/src_1",
    });
  });

  it("a POST redirect is a form of its fields, in order; one with no data posts none", () => {
    const action = { type: "redirect_to_url", url: "https://acs.bank.example/3ds", method: "POST", data: { PaReq: "eNpV", MD: "a=b&c", TermUrl: "https://checkoutshopper.adyen.com/term" }, returnUrl: null };
    expect(buyerStep(awaiting(action))).toEqual({ kind: "post", url: action.url, fields: [["PaReq", "eNpV"], ["MD", "a=b&c"], ["TermUrl", "https://checkoutshopper.adyen.com/term"]] });
    expect(buyerStep(awaiting({ ...action, data: undefined }))).toEqual({ kind: "post", url: action.url, fields: [] });
  });

  it("a QR code keeps its data; an https image, an https data link and an expiry come along, anything else is left out", () => {
    const pix = "00020101021226880014br.gov.bcb.pix2566qrcodes-pix.example/v2/cobv/9d36b84f6304ABCD";
    expect(buyerStep(awaiting({ type: "display_qr_code", data: pix, imageUrl: "https://qr.stripe.com/pix.png", expiresAt: "2030-01-01T00:00:00Z" }))).toEqual({
      kind: "qr",
      data: pix,
      imageUrl: "https://qr.stripe.com/pix.png",
      expiresAt: "2030-01-01T00:00:00.000Z",
    });
    expect(buyerStep(awaiting({ type: "display_qr_code", data: pix, imageUrl: "http://qr.example/pix.png", expiresAt: "soon" }))).toEqual({ kind: "qr", data: pix });
    expect(buyerStep(awaiting({ type: "display_qr_code", data: "https://app.swish.nu/1/p/sw/?token=x" }))).toEqual({ kind: "qr", data: "https://app.swish.nu/1/p/sw/?token=x", link: "https://app.swish.nu/1/p/sw/?token=x" });
    expect(buyerStep(awaiting({ type: "display_qr_code", data: "weixin://wxpay/bizpayurl?pr=x" }))).toEqual({ kind: "qr", data: "weixin://wxpay/bizpayurl?pr=x" });
  });

  it("is no step for any other status, no action, an unknown type, a URL that is not https, or fields past the bounds", () => {
    const go = { type: "redirect_to_url", url: "https://bank.example/pay", method: "GET", returnUrl: null };
    expect(buyerStep({ status: "processing", nextAction: go })).toBeNull();
    expect(buyerStep({ status: "succeeded", nextAction: go })).toBeNull();
    expect(buyerStep(awaiting(null))).toBeNull();
    expect(buyerStep(awaiting(undefined))).toBeNull();
    expect(buyerStep(awaiting({ type: "use_stripe_sdk" }))).toBeNull();
    for (const url of ["http://bank.example/pay", "javascript:alert(1)", "data:text/html,x", "//bank.example/pay", "/pay", "https://user:pw@bank.example/", 42]) {
      expect(buyerStep(awaiting({ ...go, url })), String(url)).toBeNull();
    }
    expect(buyerStep(awaiting({ ...go, method: "PUT" }))).toBeNull();
    expect(buyerStep(awaiting({ ...go, method: "POST", data: { a: 1 } }))).toBeNull();
    expect(buyerStep(awaiting({ ...go, method: "POST", data: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`f${i}`, "v"])) }))).toBeNull();
    expect(buyerStep(awaiting({ type: "display_qr_code", data: "" }))).toBeNull();
    expect(buyerStep(awaiting({ type: "display_qr_code", data: "x".repeat(5001) }))).toBeNull();
  });

  it("never yields a URL that is not https, whatever the action holds", () => {
    const url = fc.oneof(fc.webUrl({ validSchemes: ["http", "https", "ftp"] }), fc.string(), fc.constantFrom("javascript:alert(1)", "HTTPS://BANK.EXAMPLE/x", " https://bank.example"));
    const action = fc.record({ type: fc.constantFrom("redirect_to_url", "display_qr_code"), url, method: fc.constantFrom("GET", "POST", undefined), data: fc.oneof(url, fc.dictionary(fc.string(), fc.string())), imageUrl: url });
    fc.assert(
      fc.property(action, (a) => {
        const step = buyerStep(awaiting(a));
        const urls = step === null ? [] : step.kind === "qr" ? [step.link, step.imageUrl] : [step.url];
        for (const u of urls) if (u !== undefined) expect(new URL(u).protocol).toBe("https:");
      }),
    );
  });
});

describe("buyerUrl", () => {
  it("normalises an https URL and refuses the rest", () => {
    expect(buyerUrl("HTTPS://Bank.Example/a b")).toBe("https://bank.example/a%20b");
    expect(buyerUrl("https://bank.example/\r\nx")).toBe("https://bank.example/x");
    expect(buyerUrl("http://localhost/")).toBeNull();
    expect(buyerUrl(`https://bank.example/${"a".repeat(8200)}`)).toBeNull();
  });
});
