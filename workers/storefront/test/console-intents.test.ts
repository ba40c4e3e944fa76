import { describe, expect, it } from "vitest";
import { call, json, SAME, signedIn } from "./helpers";

const PI = "pi_01JAAAAAAAAAAAAAAAAAAAAAAA";
const PAGE = `/console/payments/intents/${PI}`;

/** An intent as the payments API answers it: captured and partly refunded unless `over` says otherwise. */
const intent = (over: Record<string, unknown> = {}) => ({
  id: PI,
  status: "succeeded",
  amount: 2500,
  currency: "EUR",
  formattedAmount: "€25.00",
  country: "NL",
  method: "ideal",
  captureMethod: "automatic",
  amountCaptured: 2500,
  amountRefunded: 500,
  provider: "adyen",
  route: { provider: "stripe", method: "ideal", fallbacks: ["adyen"], trace: ['rule 1 "NL" matched (chain)', "chain: stripe → adyen"] },
  attempts: [
    { attemptNo: 1, provider: "stripe", idempotencyKey: "k1", status: "declined", outcome: "declined", code: "do_not_honor", providerRef: null, latencyMs: 120, createdAt: "2026-11-26T10:00:00Z" },
    { attemptNo: 2, provider: "adyen", idempotencyKey: "k2", status: "captured", outcome: "approved", code: null, providerRef: "psp_1", latencyMs: 80, createdAt: "2026-11-26T10:00:01Z" },
  ],
  refunds: [{ id: "re_01JAAAAAAAAAAAAAAAAAAAAAAA", intentId: PI, amount: 500, currency: "EUR", status: "succeeded", providerRef: "rf_1", reason: "damaged", createdAt: "2026-11-26T11:00:00Z" }],
  lastError: null,
  createdAt: "2026-11-26T10:00:00Z",
  updatedAt: "2026-11-26T11:00:00Z",
  ...over,
});

/** The payments API for one intent: `refund` answers each POST …/refunds (given the request), reads answer the intent. */
const paymentsApi = (refund: (req: Request) => Response | Promise<Response> = () => json({}, 500), over: Record<string, unknown> = {}) => (req: Request) => {
  const path = new URL(req.url).pathname;
  if (req.method === "GET" && path === `/v1/payments/intents/${PI}`) return json(intent(over));
  if (req.method === "POST" && path === `/v1/payments/intents/${PI}/refunds`) return refund(req);
  return json({ status: 404, code: "not_found", detail: "Payment intent not found." }, 404);
};

const form = async (path: string, body: Record<string, string>, api: (req: Request) => Response | Promise<Response>) => {
  const req = call(path, { method: "POST", headers: { ...SAME, ...(await signedIn()), "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body).toString() }, api);
  return { res: await req, calls: req.calls };
};

const renderedKey = (html: string, operation: string) => new RegExp(`name="idempotencyKey" value="(${operation}_[0-9a-f-]{36})"`).exec(html)?.[1];

describe("the console's payments received", () => {
  it("lists the shop's payments newest first with Intl amounts, passing the cursor on, and is linked from Payments", async () => {
    const api = (req: Request) =>
      new URL(req.url).pathname === "/v1/payments/intents" ? json({ items: [intent({ attempts: [], refunds: [] }), intent({ id: "pi_01JAAAAAAAAAAAAAAAAAAAAAAB", amount: 1000, currency: "JPY", status: "requires_capture" })], nextCursor: "abc" }) : json({ items: [], rules: [] });
    const req = call("/console/payments/intents?cursor=prev", { headers: await signedIn({ "accept-language": "zh-CN" }) }, api);
    const html = await (await req).text();
    const asked = new URL(req.calls[0]!.url);
    expect(asked.searchParams.get("cursor")).toBe("prev");
    expect(req.calls[0]!.headers.get("authorization")).toBe("Bearer sk_test_seller");
    expect(html).toContain(`<a href="/console/payments/intents/${PI}">${PI}</a>`);
    expect(html).toContain("<td>€25.00</td>");
    expect(html).toContain("<td>JP¥1,000</td>");
    expect(html).toContain("<td>已授权，待请款</td>");
    expect(html).toContain('href="/console/payments/intents?cursor=abc"');
    const payments = await (await call("/console/payments", { headers: await signedIn() }, api)).text();
    expect(payments).toContain('href="/console/payments/intents"');
  });

  it("shows one payment: amount, status, attempts, the routing trace and refunds, and a refund form with a fresh key", async () => {
    const res = await call(PAGE, { headers: await signedIn() }, paymentsApi());
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Payment pi_01JAAAAAAAAAAAAAAAAAAAAAAA</h1>");
    expect(html).toContain('<dd data-amount="2500">€25.00</dd>');
    expect(html).toContain('<dd data-refunded="500">€5.00</dd>');
    expect(html).toMatch(/<tr data-attempt="1" data-provider="stripe" data-outcome="declined">.*<td>do_not_honor<\/td>/s);
    expect(html).toContain('<tr data-attempt="2" data-provider="adyen" data-outcome="approved">');
    expect(html).toContain("<li>chain: stripe → adyen</li>");
    expect(html).toMatch(/<tr data-refund="re_01JAAAAAAAAAAAAAAAAAAAAAAA" data-status="succeeded">.*<td>damaged<\/td>/s);
    expect(html).toContain(`action="/console/payments/intents/${PI}/refunds"`);
    expect(html).toContain("At most 20.00.");
    expect(renderedKey(html, "refund")).toBeDefined();
    expect(html).not.toContain("/capture");
  });

  it("offers no refund once everything is refunded, and a capture (with its own key) for an authorized payment", async () => {
    const spent = await (await call(PAGE, { headers: await signedIn() }, paymentsApi(undefined, { amountRefunded: 2500 }))).text();
    expect(spent).not.toContain("/refunds");
    const authorized = await (await call(PAGE, { headers: await signedIn() }, paymentsApi(undefined, { status: "requires_capture", amountCaptured: 0, amountRefunded: 0, refunds: [] }))).text();
    expect(authorized).not.toContain("/refunds");
    expect(authorized).toContain(`action="/console/payments/intents/${PI}/capture"`);
    expect(authorized).toContain("Capture €25.00");
    const key = renderedKey(authorized, "capture");
    expect(key).toBeDefined();
    let sent: Request | undefined;
    const api = (req: Request) => (req.url.endsWith("/capture") ? ((sent = req), json(intent())) : paymentsApi(undefined, { status: "requires_capture" })(req));
    const { res } = await form(`${PAGE}/capture`, { idempotencyKey: key! }, api);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${PAGE}?done=captured`);
    expect(sent!.headers.get("idempotency-key")).toBe(key);
  });

  it("says a capture the provider has not answered is pending, and offers no second one while it is", async () => {
    const pending = { status: "requires_capture", amountCaptured: 0, amountRefunded: 0, refunds: [], pending: { action: "capture", amount: 2500, since: "2026-11-26T12:00:00Z" } };
    const api = (req: Request) => (req.url.endsWith("/capture") ? json(intent(pending), 202) : paymentsApi(undefined, pending)(req));
    const { res } = await form(`${PAGE}/capture`, { idempotencyKey: "k-capture" }, api);
    expect(res.headers.get("location")).toBe(`${PAGE}?done=capture_pending`);
    const page = await (await call(`${PAGE}?done=capture_pending`, { headers: await signedIn() }, api)).text();
    expect(page).toContain('data-done="capture_pending"');
    expect(page).toContain("has not confirmed it yet");
    expect(page).toMatch(/data-pending="capture"[^>]*>A capture sent at .+ awaits/);
    expect(page).not.toContain(`action="/console/payments/intents/${PI}/capture"`);
  });

  it("sends the rendered form's Idempotency-Key with the amount in minor units, so a double submit refunds once", async () => {
    const refunds = new Map<string, unknown>();
    const api = paymentsApi(async (req) => {
      const key = req.headers.get("idempotency-key")!;
      if (!refunds.has(key)) refunds.set(key, await req.json());
      return json({ id: "re_01JAAAAAAAAAAAAAAAAAAAAAAB", intentId: PI, amount: 1050, currency: "EUR", status: "succeeded", providerRef: "rf_2", reason: "late", createdAt: "2026-11-26T12:00:00Z" });
    });
    const key = renderedKey(await (await call(PAGE, { headers: await signedIn() }, api)).text(), "refund")!;
    const sent: (string | null)[] = [];
    for (let i = 0; i < 2; i++) {
      const { res, calls } = await form(`${PAGE}/refunds`, { amount: "10.50", reason: "late", idempotencyKey: key }, api);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`${PAGE}?done=succeeded`);
      sent.push(calls.find((r) => r.method === "POST")!.headers.get("idempotency-key"));
    }
    expect(sent).toEqual([key, key]);
    expect([...refunds.values()]).toEqual([{ amount: 1050, reason: "late" }]);
    const after = await (await call(`${PAGE}?done=succeeded`, { headers: await signedIn() }, api)).text();
    expect(after).toContain('role="status" data-done="succeeded">Refund succeeded');
  });

  it("waits for the first answer when a double submit arrives while the first is still in progress", async () => {
    let posts = 0;
    const api = paymentsApi(() => (++posts === 1 ? json({ status: 409, code: "idempotency_in_progress", detail: "A request with this `Idempotency-Key` is still being processed; retry shortly." }, 409) : json({ id: "re_01JAAAAAAAAAAAAAAAAAAAAAAB", intentId: PI, amount: 2000, currency: "EUR", status: "succeeded", providerRef: "rf_2", reason: null, createdAt: "2026-11-26T12:00:00Z" }, 200, { "idempotent-replayed": "true" })));
    const { res } = await form(`${PAGE}/refunds`, { amount: "", idempotencyKey: "refund_00000000-0000-0000-0000-000000000000" }, api);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${PAGE}?done=succeeded`);
    expect(posts).toBe(2);
  });

  it("says plainly that a 202 refund is pending and its amount held", async () => {
    const api = paymentsApi(() => json({ id: "re_01JAAAAAAAAAAAAAAAAAAAAAAB", intentId: PI, amount: 2000, currency: "EUR", status: "pending", providerRef: null, reason: null, createdAt: "2026-11-26T12:00:00Z" }, 202));
    const { res } = await form(`${PAGE}/refunds`, { amount: "", idempotencyKey: "refund_00000000-0000-0000-0000-000000000000" }, api);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${PAGE}?done=pending`);
    const html = await (await call(res.headers.get("location")!, { headers: await signedIn() }, api)).text();
    expect(html).toContain("Refund pending: the payment provider has not confirmed it yet. Its amount is held");
  });

  it("shows a 409 (more than is left) and a 502 (the provider said no) beside the amount, in the seller's words and money, keeping what was typed", async () => {
    for (const [status, code, apiDetail, detail] of [
      [409, "refund_exceeds_captured", "Cannot refund 2100: 2500 was captured and 500 already refunded.", "€21.00 is more than is left to refund (€20.00)."],
      [502, "provider_error", "adyen did not accept the request (137): no. Nothing was changed; retry with the same Idempotency-Key.", "The payment provider (adyen) did not accept this. Nothing was changed; you can try again."],
    ] as const) {
      const api = paymentsApi(() => json({ type: `urn:ecp:problem:${code}`, title: "Refused", status, code, detail: apiDetail }, status));
      const { res } = await form(`${PAGE}/refunds`, { amount: "21", reason: "whole order", idempotencyKey: "refund_00000000-0000-0000-0000-000000000000" }, api);
      expect(res.status).toBe(status);
      const html = await res.text();
      expect(html).toContain(`<p class="error" id="amount-error" role="alert">${detail}</p>`);
      expect(html).toMatch(/<input name="amount"[^>]*value="21"[^>]*aria-invalid="true"/);
      expect(html).toContain('value="whole order"');
      // The page rendered again carries a new key: a corrected amount is a new refund, not a replay.
      expect(renderedKey(html, "refund")).not.toBe("refund_00000000-0000-0000-0000-000000000000");
    }
  });

  it("refuses an amount that is not one in the payment's currency before calling the API", async () => {
    const { res, calls } = await form(`${PAGE}/refunds`, { amount: "1.005", idempotencyKey: "refund_00000000-0000-0000-0000-000000000000" }, paymentsApi());
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="amount-error" role="alert">Enter an amount in EUR/);
    expect(calls.filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("answers a malformed id with a 404 page without asking the API, and another shop's payment with a 404 too", async () => {
    for (const path of ["/console/payments/intents/nope", "/console/payments/intents/pi_..%2F..", "/console/payments/intents/lst_01JAAAAAAAAAAAAAAAAAAAAAAA"]) {
      const req = call(path, { headers: await signedIn() }, paymentsApi());
      const res = await req;
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain("Your shop has no payment with this id.");
      expect(req.calls).toHaveLength(0);
    }
    const { res, calls } = await form("/console/payments/intents/nope/refunds", { amount: "1" }, paymentsApi());
    expect(res.status).toBe(404);
    expect(calls).toHaveLength(0);
    const other = await call("/console/payments/intents/pi_01JBBBBBBBBBBBBBBBBBBBBBBB", { headers: await signedIn() }, paymentsApi());
    expect(other.status).toBe(404);
  });
});
