import { describe, expect, it } from "vitest";
import { COUNTRY_HEADER } from "../../../shared/http/context";
import { scriptHash } from "../src/csp";
import { returnUrlOf } from "../src/routes/checkout";
import { call, intentAnswer, json, listing, SAME, type ApiStub } from "./helpers";

// The checkout with a payment that needs its buyer (the payments API's `nextAction`): confirmed with a return URL on
// the storefront's own origin, the buyer sent to their bank or wallet (a 303, or a form posted there), a QR code shown,
// and the outcome page read on their way back.

const LISTING = "lst_01JAAAAAAAAAAAAAAAAAAAAAAA";
const INTENT = "pi_01JAAAAAAAAAAAAAAAAAAAAAAA";
const BANK = "https://checkoutshopper-test.adyen.com/checkoutshopper/checkoutPaymentRedirect?redirectData=X6Xtf";

const intent = (over: Record<string, unknown> = {}) => intentAnswer({ attempts: [{ attemptNo: 1, provider: "adyen", status: "requires_action" }], nextAction: null, ...over });
const awaiting = (nextAction: unknown) => intent({ status: "requires_action", nextAction });

/** The API as checkout sees it: the confirm answers `confirmed`, a read of the intent answers `now` (the confirm's answer by default). */
const payments =
  (confirmed: Record<string, unknown>, now = confirmed): ApiStub =>
  async (req) => {
    const path = new URL(req.url).pathname;
    if (path === `/v1/catalog/listings/${LISTING}`) return json(listing());
    if (path === "/v1/payments/intents" && req.method === "POST") return json(intent({ status: "requires_confirmation" }), 201);
    if (path === `/v1/payments/intents/${INTENT}/confirm`) return json(confirmed);
    if (path === `/v1/payments/intents/${INTENT}`) return json(now);
    return json({}, 404);
  };

const pay = (api: ApiStub) =>
  call(`/checkout/${LISTING}`, {
    method: "POST",
    headers: { ...SAME, "content-type": "application/x-www-form-urlencoded", [COUNTRY_HEADER]: "NL" },
    body: new URLSearchParams({ idempotencyKey: `checkout_${crypto.randomUUID()}`, method: "ideal", amount: "10948", currency: "EUR" }),
  }, api);

const cookieOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

/** Pays, then reads the outcome page at `path` (the confirm's returnUrl, or the Location) as the browser that paid. */
async function payThenRead(api: ApiStub, where: "return" | "location", append = "") {
  const req = pay(api);
  const res = await req;
  const sent = (await req.calls.find((r) => r.url.endsWith("/confirm"))!.json()) as { returnUrl: string };
  const target = where === "return" ? new URL(sent.returnUrl + append) : new URL(res.headers.get("location")!, "https://shop.example");
  const page = await call(target.pathname + target.search, { headers: { cookie: cookieOf(res) } }, api);
  return { res, page, html: await page.text() };
}

describe("checkout of a payment that needs its buyer", () => {
  it("confirms with a return URL on its own origin: the signed outcome page, which shows the payment when the buyer comes back", async () => {
    const req = pay(payments(intent()));
    const res = await req;
    const confirm = req.calls.find((r) => r.url.endsWith(`/v1/payments/intents/${INTENT}/confirm`))!;
    expect(confirm.headers.get("content-type")).toMatch(/^application\/json/);
    const { returnUrl } = (await confirm.json()) as { returnUrl: string };
    const back = new URL(returnUrl);
    expect([back.origin, back.pathname, back.searchParams.get("intent"), back.searchParams.get("returned")]).toEqual(["https://shop.example", `/checkout/${LISTING}/done`, INTENT, "1"]);
    // The very page the checkout's own redirect names, signature and all.
    const done = new URL(res.headers.get("location")!, "https://shop.example");
    expect(back.searchParams.get("sig")).toBe(done.searchParams.get("sig"));

    for (const [status, title] of [["succeeded", "Payment succeeded"], ["processing", "Payment is being processed"], ["failed", "Payment did not go through"]] as const) {
      // What Stripe appends on the way back (its own id, a client secret, its view of the result) changes nothing.
      const append = "&payment_intent=pi_3Stripe&payment_intent_client_secret=pi_3Stripe_secret_abc&redirect_status=succeeded";
      const { page, html } = await payThenRead(payments(intent(), intent({ status })), "return", append);
      expect(page.status, status).toBe(200);
      expect(html).toContain(`data-status="${status}"`);
      expect(html).toContain(`<h1>${title}</h1>`);
      expect(html, "the provider's secret stays out of the page's links").not.toContain("secret_abc");
    }
    // Another browser (another buyer cookie) cannot read it.
    expect((await call(back.pathname + back.search, { headers: { cookie: `sf_buyer=b_${"3".repeat(32)}` } }, payments(intent()))).status).toBe(404);
  });

  it("asks for the buyer's return over https whatever the page was served over, but on localhost (the payments API refuses http elsewhere)", () => {
    expect(returnUrlOf("/checkout/x/done?sig=1", "http://shop.example/checkout/x")).toBe("https://shop.example/checkout/x/done?sig=1");
    expect(returnUrlOf("/checkout/x/done?sig=1", "https://shop.example/checkout/x")).toBe("https://shop.example/checkout/x/done?sig=1");
    expect(returnUrlOf("/checkout/x/done?sig=1", "http://localhost:8787/checkout/x")).toBe("http://localhost:8787/checkout/x/done?sig=1");
    expect(returnUrlOf("/checkout/x/done?sig=1", "http://127.0.0.1:8787/checkout/x")).toBe("http://127.0.0.1:8787/checkout/x/done?sig=1");
  });

  it("sends the buyer to their bank when the provider asks for a GET redirect: a page that navigates there (refresh and link), not a 303", async () => {
    const res = await pay(payments(awaiting({ type: "redirect_to_url", url: BANK, method: "GET", returnUrl: "https://shop.example/x" })));
    expect(res.status).toBe(200);
    const html = await res.text();
    const href = BANK.replace(/&/g, "&amp;");
    expect(html).toContain(`<meta http-equiv="refresh" content="0;url=&quot;${href}&quot;"/>`);
    expect(html).toContain(`<a class="button" href="${href}" rel="noreferrer">`);
    // The navigation is no form's redirect: this page, like every other but the provider's form, posts nowhere else.
    expect(res.headers.get("content-security-policy")).toContain("form-action 'self';");
    // The buyer cookie the return URL's signature names is set on the way out.
    expect(cookieOf(res)).toMatch(/sf_buyer=b_/);
  });

  it("never sends the buyer to, nor shows, a provider URL that is not https: the outcome page instead", async () => {
    for (const url of ["http://bank.example/pay", "javascript:alert(1)"]) {
      const action = { type: "redirect_to_url", url, method: "GET", returnUrl: null };
      const { res, html } = await payThenRead(payments(awaiting(action)), "location");
      expect(res.headers.get("location"), url).toMatch(new RegExp(`^/checkout/${LISTING}/done\\?`));
      expect(html).toContain('data-status="requires_action"');
      expect(html).not.toContain(url.split(":")[1]);
    }
  });

  it("posts the buyer on with a form when the provider asks for a POST: auto-submitted by the one script its CSP allows, a button without script", async () => {
    const action = { type: "redirect_to_url", url: "https://acs.bank.example/3ds", method: "POST", data: { PaReq: 'eNpV"><script>x</script>', MD: "a=b&c", TermUrl: "https://checkoutshopper-test.adyen.com/term" }, returnUrl: null };
    const res = await pay(payments(awaiting(action)));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<form id="provider-form" method="post" action="https://acs.bank.example/3ds">');
    expect(html).toContain('<input type="hidden" name="PaReq" value="eNpV&quot;&gt;&lt;script&gt;x&lt;/script&gt;"/>');
    expect(html).toContain('<input type="hidden" name="MD" value="a=b&amp;c"/>');
    expect(html).toMatch(/<button type="submit">Continue to approve<\/button>/);
    const inline = [...html.matchAll(/<script>([^<]*)<\/script>/g)].map((m) => m[1]!);
    expect(inline).toHaveLength(1);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain(`script-src 'self' ${await scriptHash(inline[0]!)}`);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*';/);
    expect(csp).toContain("form-action 'self' https:;");
  });

  it("shows a QR code to pay on the outcome page: its data to copy, the provider's https image, its expiry", async () => {
    const pix = "00020101021226880014br.gov.bcb.pix2566qrcodes-pix.example/v2/cobv/9d36b84f6304ABCD";
    const action = { type: "display_qr_code", data: pix, imageUrl: "https://qr.stripe.com/pix.png", expiresAt: "2030-01-02T03:04:00.000Z" };
    const { res, html } = await payThenRead(payments(awaiting(action)), "location");
    expect(res.status).toBe(303);
    expect(html).toContain('data-next-action="display_qr_code"');
    expect(html).toMatch(new RegExp(`<textarea id="qr-data"[^>]*>${pix}</textarea>`));
    expect(html).toContain('<img src="https://qr.stripe.com/pix.png"');
    expect(html).toContain('<time datetime="2030-01-02T03:04:00.000Z">');
    const plain = await payThenRead(payments(awaiting({ ...action, imageUrl: "http://qr.example/pix.png" })), "location");
    expect(plain.html).toContain(pix);
    expect(plain.html).not.toContain("qr.example");
  });

  it("a buyer back while the provider's answer is awaited is told so, and keeps the way to their bank", async () => {
    const action = { type: "redirect_to_url", url: BANK, method: "GET", returnUrl: null };
    const { html } = await payThenRead(payments(awaiting(action)), "return");
    expect(html).toContain('data-status="requires_action"');
    expect(html).toContain("Waiting for your bank or wallet to confirm the payment.");
    expect(html).toContain(`<a class="button secondary" href="${BANK.replace(/&/g, "&amp;")}" rel="noreferrer">`);
  });

  it("lets no form but the provider's own lead off this origin: the checkout page's form-action is 'self', as every other page's", async () => {
    const api = payments(intent());
    const checkout = await call(`/checkout/${LISTING}`, { headers: { [COUNTRY_HEADER]: "NL" } }, async (req) => (new URL(req.url).pathname.startsWith("/v1/payments/methods") ? json({ items: [{ method: "ideal", displayName: "iDEAL" }] }) : api(req)));
    expect(checkout.status).toBe(200);
    expect(checkout.headers.get("content-security-policy")).toContain("form-action 'self';");
    const product = await call(`/p/${LISTING}`, {}, api);
    expect(product.headers.get("content-security-policy")).toContain("form-action 'self';");
  });
});
