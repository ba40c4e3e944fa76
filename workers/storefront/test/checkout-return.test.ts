import { describe, expect, it } from "vitest";
import { COUNTRY_HEADER } from "../../../shared/http/context";
import { call, intentAnswer, json, listing, SAME, type ApiStub } from "./helpers";

// The buyer's way back from a provider's page that leaves the result to the merchant (Adyen's 3-D Secure): the
// `redirectResult` on the return URL is handed to `POST /intents/{id}/complete` before the outcome page shows the payment.

const LISTING = "lst_01JAAAAAAAAAAAAAAAAAAAAAAA";
const INTENT = "pi_01JAAAAAAAAAAAAAAAAAAAAAAA";
const ACS = "https://checkoutshopper-test.adyen.com/checkoutshopper/threeDS/redirect?MD=M2RzMmNvbXBsZXRl";
const RESULT = "Ab02b4c0!BQABAgCW5sxB4e/==";

const awaiting = intentAnswer({ status: "requires_action", method: "card_visa", nextAction: { type: "redirect_to_url", url: ACS, method: "GET", returnUrl: null } });

/** The API as checkout sees it: the intent awaits its buyer until `complete` answers (`completed`, a status and body). */
const payments =
  (completed: [number, unknown]): ApiStub =>
  async (req) => {
    const path = new URL(req.url).pathname;
    if (path === `/v1/catalog/listings/${LISTING}`) return json(listing());
    if (path === "/v1/payments/intents" && req.method === "POST") return json(intentAnswer({ status: "requires_confirmation" }), 201);
    if (path === `/v1/payments/intents/${INTENT}/confirm`) return json(awaiting);
    if (path === `/v1/payments/intents/${INTENT}/complete` && req.method === "POST") return json(completed[1], completed[0]);
    if (path === `/v1/payments/intents/${INTENT}`) return json(awaiting);
    return json({}, 404);
  };

const cookieOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

/** Pays (sent on to the 3-D Secure page), then comes back to the confirm's returnUrl with `append` as the browser that paid. */
async function payAndReturn(api: ApiStub, append: string, returnBindings: Partial<Env> = {}) {
  const req = call(`/checkout/${LISTING}`, {
    method: "POST",
    headers: { ...SAME, "content-type": "application/x-www-form-urlencoded", [COUNTRY_HEADER]: "NL" },
    body: new URLSearchParams({ idempotencyKey: `checkout_${crypto.randomUUID()}`, method: "card_visa", amount: "10948", currency: "EUR" }),
  }, api);
  const res = await req;
  expect([res.status, await res.text()]).toEqual([200, expect.stringContaining(`href="${ACS}"`)]);
  const { returnUrl } = (await req.calls.find((r) => r.url.endsWith("/confirm"))!.json()) as { returnUrl: string };
  const back = new URL(returnUrl + append);
  const page = call(back.pathname + back.search, { headers: { cookie: cookieOf(res) } }, api, returnBindings);
  const completes = page.calls;
  const answer = await page;
  return { page: answer, html: await answer.text(), completes: completes.filter((r) => r.url.endsWith("/complete")) };
}

describe("the buyer's return with a redirectResult", () => {
  it("is handed to complete with the secret key, and the page shows the payment it settled", async () => {
    const { page, html, completes } = await payAndReturn(payments([200, intentAnswer({ status: "succeeded", method: "card_visa" })]), `&redirectResult=${encodeURIComponent(RESULT)}`);
    expect(page.status).toBe(200);
    expect(completes).toHaveLength(1);
    expect(completes[0]!.method).toBe("POST");
    expect(completes[0]!.headers.get("authorization")).toMatch(/^Bearer sk_/);
    expect(await completes[0]!.json()).toEqual({ redirectResult: RESULT });
    expect(html).toContain('data-status="succeeded"');
    expect(html, "the provider's result stays out of the page's links").not.toContain("BQABAgCW5sxB4e");
  });

  it("a refused result shows the payment failed", async () => {
    const { html, completes } = await payAndReturn(payments([200, intentAnswer({ status: "failed", method: "card_visa", lastError: "adyen refused the payment" })]), `&redirectResult=${encodeURIComponent(RESULT)}`);
    expect(completes).toHaveLength(1);
    expect(html).toContain('data-status="failed"');
  });

  it("not settled by it (a reload after it settled: 409), the page shows the intent as it stands", async () => {
    const { page, html, completes } = await payAndReturn(payments([409, { type: "about:blank", title: "Conflict", status: 409, code: "intent_not_completable", detail: "x" }]), `&redirectResult=${encodeURIComponent(RESULT)}`);
    expect([page.status, completes.length]).toEqual([200, 1]);
    expect(html).toContain('data-status="requires_action"');
  });

  it("without one (or with one past the API's bound) nothing is handed on", async () => {
    for (const append of ["", `&redirectResult=`, `&redirectResult=${"a".repeat(8193)}`]) {
      const { page, html, completes } = await payAndReturn(payments([200, intentAnswer({ status: "succeeded" })]), append);
      expect([page.status, completes.length], append.slice(0, 20)).toEqual([200, 0]);
      expect(html).toContain('data-status="requires_action"');
    }
  });

  it("spends the visitor's creation budget (each one is a call to the provider): spent, it is a 429 and nothing is handed on", async () => {
    const spent = { limit: async () => ({ success: false }) } as unknown as RateLimit;
    const { page, completes } = await payAndReturn(payments([200, intentAnswer({ status: "succeeded" })]), `&redirectResult=${encodeURIComponent(RESULT)}`, { CREATE_LIMIT: spent });
    expect([page.status, completes.length]).toEqual([429, 0]);
    expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("another browser (no signature of theirs) hands nothing on", async () => {
    const api = payments([200, intentAnswer({ status: "succeeded" })]);
    const page = call(`/checkout/${LISTING}/done?intent=${INTENT}&sig=forged&returned=1&redirectResult=${encodeURIComponent(RESULT)}`, { headers: { cookie: `sf_buyer=b_${"3".repeat(32)}` } }, api);
    expect((await page).status).toBe(404);
    expect(page.calls.filter((r) => r.url.endsWith("/complete"))).toHaveLength(0);
  });
});
