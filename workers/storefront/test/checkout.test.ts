import { describe, expect, it } from "vitest";
import { COUNTRY_HEADER } from "../../../shared/http/context";
import { call, intentAnswer, json, listing, SAME, type ApiStub } from "./helpers";

const LISTING = "lst_01JAAAAAAAAAAAAAAAAAAAAAAA";
const INTENT = "pi_01JAAAAAAAAAAAAAAAAAAAAAAA";

const intent = intentAnswer;

/** The API as checkout sees it: the listing, and an intent that is created then confirmed. */
const payments: ApiStub = async (req) => {
  const path = new URL(req.url).pathname;
  if (path === `/v1/catalog/listings/${LISTING}`) return json(listing());
  if (path === "/v1/payments/intents" && req.method === "POST") return json(intent({ status: "requires_confirmation", country: ((await req.json()) as { country: string }).country }), 201);
  if (path === `/v1/payments/intents/${INTENT}/confirm`) return json(intent());
  if (path === `/v1/payments/intents/${INTENT}`) return json(intent());
  return json({}, 404);
};

const pay = (form: Record<string, string>, headers: Record<string, string> = {}) =>
  call(`/checkout/${LISTING}`, {
    method: "POST",
    headers: { ...SAME, "content-type": "application/x-www-form-urlencoded", [COUNTRY_HEADER]: "DE", ...headers },
    body: new URLSearchParams({ idempotencyKey: `checkout_${crypto.randomUUID()}`, method: "ideal", amount: "10948", currency: "EUR", ...form }),
  }, payments);

describe("checkout", () => {
  it("answers a payment with a redirect to its outcome, which only the browser that paid can read, as often as it likes", async () => {
    const req = pay({});
    const res = await req;
    expect(res.status).toBe(303);
    const done = new URL(res.headers.get("location")!, "https://shop.example");
    expect(done.pathname).toBe(`/checkout/${LISTING}/done`);
    expect(done.searchParams.get("intent")).toBe(INTENT);
    expect(req.calls.filter((r) => r.url.endsWith("/confirm"))).toHaveLength(1);
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

    for (let i = 0; i < 2; i++) {
      const page = call(done.pathname + done.search, { headers: { cookie } }, payments);
      expect((await page).status).toBe(200);
      expect(await (await page).text()).toContain('data-status="succeeded"');
      expect((await page).status).toBe(200);
      // A reload reads the payment; it never creates or confirms one.
      expect(page.calls.every((r) => r.method === "GET")).toBe(true);
    }
    expect((await call(done.pathname + done.search, { headers: { cookie: `sf_buyer=b_${"2".repeat(32)}` } }, payments)).status).toBe(404);
    const forged = new URL(done);
    forged.searchParams.set("sig", "0".repeat(32));
    expect((await call(forged.pathname + forged.search, { headers: { cookie } }, payments)).status).toBe(404);
  });

  it("charges nothing when the price moved since the form was shown, and shows it again", async () => {
    const req = pay({ amount: "9999" });
    const res = await req;
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/checkout/${LISTING}?changed`);
    expect(req.calls.some((r) => new URL(r.url).pathname.startsWith("/v1/payments"))).toBe(false);
    expect((await pay({ currency: "USD" })).headers.get("location")).toBe(`/checkout/${LISTING}?changed`);
  });

  it("takes the buyer's country from the edge, not from the form", async () => {
    const req = pay({ country: "NL" });
    await req;
    const created = req.calls.find((r) => new URL(r.url).pathname === "/v1/payments/intents")!;
    expect(((await created.json()) as { country: string }).country).toBe("DE");
  });
});
