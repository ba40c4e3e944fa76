import { describe, expect, it } from "vitest";
import { audited, chromiumFor, follow, signIn } from "./browser/storefront";
import { api, base, newTenant } from "./helpers";

type Intent = { id: string; status: string; amountCaptured: number; amountRefunded: number; refunds: { amount: number; status: string }[] };

/** A confirmed EUR 25.00 iDEAL payment of the tenant, through the API as a server would make it. */
async function pay(sk: string, captureMethod: "automatic" | "manual"): Promise<Intent> {
  const created = await api("/v1/payments/intents", { method: "POST", key: sk, headers: { "idempotency-key": crypto.randomUUID() }, json: { amount: 2500, currency: "EUR", country: "NL", method: "ideal", captureMethod } });
  expect(created.status, await created.clone().text()).toBe(201);
  // iDEAL sends the buyer to their bank: the confirm names where the bank sends them back, as a storefront's does.
  const confirmed = await api(`/v1/payments/intents/${((await created.json()) as Intent).id}/confirm`, { method: "POST", key: sk, json: { returnUrl: "https://shop.example/checkout/done" } });
  expect(confirmed.status, await confirmed.clone().text()).toBe(200);
  return (await confirmed.json()) as Intent;
}

// The console's payments received for a fresh tenant: the list, one payment, a partial refund and a capture, on the real stack.
describe("the console's payments received in Chromium", () => {
  const { buyer } = chromiumFor();

  it("lists the tenant's payments, refunds part of one (refund succeeded, amount refunded updated) and captures an authorized one", async () => {
    const { keys } = await newTenant();
    const sk = keys.secret;
    // At Stripe, whose refunds and captures are done when answered (Adyen's settle by a notification moments later).
    const routed = await api("/v1/payments/routing", { method: "PUT", key: sk, json: { rules: [{ match: {}, route: { type: "provider", provider: "stripe" } }] } });
    expect(routed.status, await routed.clone().text()).toBe(200);
    const settled = await pay(sk, "automatic");
    expect(settled.status).toBe("succeeded");
    const authorized = await pay(sk, "manual");
    expect(authorized.status).toBe("requires_capture");

    const page = await buyer("en-US", "US");
    await signIn(page, sk);
    await follow(page, "nav >> text=Payments");
    await follow(page, "main a[href='/console/payments/intents']");
    // Newest first: the authorized payment was made last.
    expect(await page.$$eval("[data-intent]", (rows) => rows.map((r) => r.getAttribute("data-intent")))).toEqual([authorized.id, settled.id]);
    expect(await page.textContent(`[data-intent=${settled.id}]`)).toContain("€25.00");
    await audited(page, "console-intents");

    await follow(page, `a[href='/console/payments/intents/${settled.id}']`);
    expect(await page.textContent("[data-captured]")).toBe("€25.00");
    expect(await page.$$eval("[data-attempt]", (rows) => rows.length)).toBeGreaterThan(0);
    expect(await page.$$eval("ol.trace li", (items) => items.length)).toBeGreaterThan(0);
    await page.fill("#amount", "10.00");
    await page.fill("#reason", "Arrived damaged");
    await follow(page, "#refund-form button[type=submit]");
    await page.waitForSelector("[data-done=succeeded]");
    expect(await page.getAttribute("[data-refund]", "data-status")).toBe("succeeded");
    expect(await page.textContent("[data-refund]")).toContain("Arrived damaged");
    expect(await page.textContent("[data-refunded]")).toBe("€10.00");
    expect(await page.textContent("#amount-hint")).toContain("At most 15.00.");
    await audited(page, "console-intent-refunded");

    // More than is left: the API's 409 beside the amount, in the seller's money, nothing refunded.
    await page.fill("#amount", "20.00");
    await follow(page, "#refund-form button[type=submit]");
    expect(await page.textContent("#amount-error")).toBe("€20.00 is more than is left to refund (€15.00).");
    expect(await page.getAttribute("#amount", "aria-invalid")).toBe("true");
    await audited(page, "console-intent-refund-refused");
    let after = (await (await api(`/v1/payments/intents/${settled.id}`, { key: sk })).json()) as Intent;
    expect(after).toMatchObject({ amountCaptured: 2500, amountRefunded: 1000, refunds: [{ amount: 1000, status: "succeeded" }] });

    // The same rendered form sent twice (a double click, a resent POST) refunds once: the API replays its key.
    const key = await page.inputValue("#refund-form [name=idempotencyKey]");
    for (let i = 0; i < 2; i++) {
      const res = await page.request.post(`${base()}/console/payments/intents/${settled.id}/refunds`, { form: { amount: "5.00", reason: "", idempotencyKey: key }, headers: { origin: base() }, maxRedirects: 0 });
      expect(res.status()).toBe(303);
      expect(res.headers().location).toBe(`/console/payments/intents/${settled.id}?done=succeeded`);
    }
    after = (await (await api(`/v1/payments/intents/${settled.id}`, { key: sk })).json()) as Intent;
    expect(after.amountRefunded).toBe(1500);
    expect(after.refunds.map((r) => r.amount).sort((a, b) => a - b)).toEqual([500, 1000]);

    await page.goto(page.url().replace(settled.id, authorized.id).replace(/\/refunds$/, ""));
    await follow(page, `form[action$='/capture'] button[type=submit]`);
    await page.waitForSelector("[data-done=captured]");
    expect(await page.getAttribute(".badge[data-status]", "data-status")).toBe("succeeded");
    expect(await page.textContent("[data-captured]")).toBe("€25.00");
    await audited(page, "console-intent-captured");
  });
});
