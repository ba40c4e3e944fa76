import type { Context, Hono } from "hono";
import { idPattern } from "../../../../shared/ids";
import { ACTION_LIMITS } from "../../../../shared/payments/buyer-action";
import { apiClient } from "../api";
import { spendCreation } from "../buyer-budget";
import { idempotencyKey, idempotencyKeyOf } from "../../../../shared/client";
import { buyerStep, type BuyerStep } from "../buyer-step";
import { buyerMac } from "../chat/identity";
import { scriptHash } from "../csp";
import type { SfEnv } from "../types";
import { AUTO_SUBMIT, ProviderFormPage, ProviderLinkPage } from "../views/buyer-step";
import { Outcome, type Intent } from "../views/checkout-outcome";
import { MessagePage, PriceTag, ShopPage } from "../views/shop";
import { readListing, unavailable } from "./product";

/**
 * `GET /checkout/:id` offers the buyer's local methods, ranked; `POST` pays with an Idempotency-Key the form carries,
 * confirming with a return URL on this origin (the signed outcome page) and sending the buyer on to the step their
 * bank or wallet asks for; `GET /checkout/:id/done` shows the payment as it stands, there and on their way back.
 */
export function registerCheckout(app: Hono<SfEnv>) {
  app.get("/checkout/:id", async (c) => {
    const buyer = c.get("buyer");
    const read = await readListing(c.env, buyer, c.req.param("id"));
    if (!("listing" in read)) return unavailable(c, read.status);
    const l = read.listing;
    const { t } = buyer;
    const url = new URL(c.req.url);
    const api = apiClient(c.env, c.env.STOREFRONT_PUBLISHABLE_KEY, buyer.apiHeaders);
    const { data } = await api.GET("/v1/payments/methods", { params: { query: { currency: l.price.currency, amount: l.price.amount, ...(buyer.country ? { country: buyer.country } : {}) } } });
    const methods = data?.items ?? [];
    return c.html(
      <ShopPage buyer={buyer} url={url} title={t.checkout}>
        <h1>{t.checkout}</h1>
        {c.req.query("changed") !== undefined && <p class="notice" role="status">{t.priceChanged}</p>}
        <section class="card">
          <h2 lang={l.locale}>{l.title}</h2>
          <PriceTag price={l.price} buyer={buyer} />
        </section>
        {methods.length === 0 ? (
          <p class="notice">{t.noMethods}</p>
        ) : (
          <form method="post" action={`/checkout/${l.id}`} id="pay-form">
            {/* One key per rendered form: a double click or a resubmitted form replays the first intent. */}
            <input type="hidden" name="idempotencyKey" value={idempotencyKey("checkout")} />
            <input type="hidden" name="country" value={data?.country ?? buyer.country ?? ""} />
            {/* The price the button shows: the buyer is never charged another one (see POST). */}
            <input type="hidden" name="amount" value={String(l.price.amount)} />
            <input type="hidden" name="currency" value={l.price.currency} />
            <fieldset class="methods">
              <legend>{t.payWith}</legend>
              {methods.map((m, i) => (
                <label>
                  <input type="radio" name="method" value={m.method} checked={i === 0} required />
                  <span>{m.displayName}</span>
                </label>
              ))}
            </fieldset>
            <p>
              {t.total}: <strong dir="auto">{l.price.formatted}</strong>
            </p>
            <button type="submit">
              {t.payNow} {l.price.formatted}
            </button>
          </form>
        )}
      </ShopPage>,
    );
  });

  app.post("/checkout/:id", async (c) => {
    const buyer = c.get("buyer");
    const { t } = buyer;
    const url = new URL(c.req.url);
    // The id goes into a redirect below: one that is not an id (a CR/LF in it) is a 404, never a broken Location.
    if (!LISTING_ID.test(c.req.param("id"))) return unavailable(c, 404);
    const form = await c.req.parseBody();
    const key = idempotencyKeyOf(form.idempotencyKey, "checkout");
    const method = String(form.method ?? "");
    // The edge's country wins over the form's: a buyer cannot pick another market's methods by editing a field.
    const country = buyer.country ?? String(form.country ?? "");
    if (!key || !method) return c.redirect(`/checkout/${c.req.param("id")}`, 303);
    // The price comes from the catalog again, never from the form.
    const read = await readListing(c.env, buyer, c.req.param("id"));
    if (!("listing" in read)) return unavailable(c, read.status);
    const l = read.listing;
    // A price that moved since the form was shown (a rate, a price edit, a currency chosen in another tab) is shown again, not charged.
    if (String(form.amount ?? "") !== String(l.price.amount) || String(form.currency ?? "") !== l.price.currency) {
      return c.redirect(`/checkout/${l.id}?changed`, 303);
    }
    const api = apiClient(c.env, c.env.STOREFRONT_SECRET_KEY, buyer.apiHeaders);
    await spendCreation(c);
    const created = await api.POST("/v1/payments/intents", {
      params: { header: { "idempotency-key": key } },
      body: { amount: l.price.amount, currency: l.price.currency, country, method: method as never, captureMethod: "automatic" },
    });
    if (!created.data) {
      c.status(created.response.status >= 500 ? 503 : 400);
      return c.html(<MessagePage buyer={buyer} url={url} title={t.notPaid} text={created.error?.detail ?? t.unavailable} kind="bad" />);
    }
    const done = await outcomePath(c, l.id, created.data.id);
    // The bank or wallet sends the buyer back to the outcome page (the browser that paid, by its signature), marked as a return.
    const intent = await confirmOnce(api, created.data, returnUrlOf(`${done}&returned=1`, c.req.url));
    const step = buyerStep(intent);
    if (step?.kind === "go") return c.html(<ProviderLinkPage buyer={buyer} url={url} step={step} />);
    if (step?.kind === "post") return providerForm(c, url, step);
    // Post/redirect/get: reloading or going back to the outcome reads the payment, it never sends the form again.
    return c.redirect(done, 303);
  });

  app.get("/checkout/:id/done", async (c) => {
    const buyer = c.get("buyer");
    const intentId = c.req.query("intent") ?? "";
    const sig = c.req.query("sig") ?? "";
    if (!INTENT_ID.test(intentId) || !LISTING_ID.test(c.req.param("id")) || sig !== (await outcomeSignature(c, intentId))) return unavailable(c, 404);
    const api = apiClient(c.env, c.env.STOREFRONT_SECRET_KEY, buyer.apiHeaders);
    // Back from a provider's page that leaves the result to the merchant (Adyen's 3-D Secure): its `redirectResult`
    // is handed on first, so the page shows the payment settled, not still awaiting the buyer.
    // That is a call to the provider (a reload with any value makes another): it spends the visitor's creation budget.
    const redirectResult = c.req.query("redirectResult");
    if (redirectResult) await spendCreation(c);
    const completed = await completeReturn(api, intentId, redirectResult);
    const data = completed ?? (await api.GET("/v1/payments/intents/{id}", { params: { path: { id: intentId } } })).data;
    if (!data) return unavailable(c, 503);
    const step = buyerStep(data);
    if (step?.kind === "post") c.set("csp", { "form-action": ["https:"] });
    // Only this page's own parameters: what a provider appended on the way back (Stripe's client secret) stays out of its links.
    const url = new URL(c.req.url);
    const shown = new URL(url.pathname, url);
    for (const name of ["intent", "sig", "returned"]) if (url.searchParams.has(name)) shown.searchParams.set(name, url.searchParams.get(name)!);
    return c.html(<Outcome buyer={buyer} url={shown} intent={data} listingId={c.req.param("id")} step={step} returned={url.searchParams.has("returned")} />);
  });
}

/** The page that posts the buyer on to a provider asking for a POST: its form may leave this origin, its one inline script run. */
async function providerForm(c: Context<SfEnv>, url: URL, step: Extract<BuyerStep, { kind: "post" }>) {
  c.set("csp", { "form-action": ["https:"], "script-src": [await scriptHash(AUTO_SUBMIT)] });
  return c.html(<ProviderFormPage buyer={c.get("buyer")} url={url} step={step} />);
}

const INTENT_ID = idPattern("pi");
const LISTING_ID = idPattern("lst");

/** Who may read an outcome page: the browser that paid (its buyer cookie), for that one intent. */
const outcomeSignature = (c: Context<SfEnv>, intentId: string) => buyerMac(c, `checkout-outcome:${intentId}`);

/** The outcome page of one payment, as a path with its signature. */
const outcomePath = async (c: Context<SfEnv>, listingId: string, intentId: string) => `/checkout/${listingId}/done?intent=${intentId}&sig=${await outcomeSignature(c, intentId)}`;

/**
 * The absolute URL the buyer comes back to, always https off localhost: a page served over plain http (a custom
 * domain without "Always Use HTTPS") would otherwise send an http URL, which the payments API refuses for every method.
 */
export function returnUrlOf(path: string, requestUrl: string): string {
  const url = new URL(path, requestUrl);
  if (url.protocol === "http:" && !["localhost", "127.0.0.1", "[::1]"].includes(url.hostname)) url.protocol = "https:";
  return url.href;
}

/**
 * Hands the payments API what the buyer came back with from their bank's page (`POST /intents/{id}/complete`): the
 * intent as it now stands, or null when there was nothing to hand on or the API did not settle it (a reload after it
 * settled is a 409, a provider with no answer a 502: the page then reads the intent as it stands). The outcome page
 * is reached only with the paying browser's signature, so a stranger cannot spend the secret key's calls on it.
 */
export async function completeReturn(api: ReturnType<typeof apiClient>, intentId: string, redirectResult: string | undefined): Promise<Intent | null> {
  if (!redirectResult || redirectResult.length > ACTION_LIMITS.redirectResult) return null;
  const { data } = await api.POST("/v1/payments/intents/{id}/complete", { params: { path: { id: intentId } }, body: { redirectResult } });
  return data ?? null;
}

/**
 * Confirms a new intent with the URL the buyer's bank or wallet sends them back to (the payments API requires one
 * for a method that sends the buyer away); a replayed one (the form sent twice) is shown as it stands instead.
 */
async function confirmOnce(api: ReturnType<typeof apiClient>, intent: Intent, returnUrl: string): Promise<Intent> {
  if (intent.status !== "requires_confirmation") {
    return (await api.GET("/v1/payments/intents/{id}", { params: { path: { id: intent.id } } })).data ?? intent;
  }
  const confirmed = await api.POST("/v1/payments/intents/{id}/confirm", { params: { path: { id: intent.id } }, body: { returnUrl } });
  if (confirmed.data) return confirmed.data as Intent;
  return (await api.GET("/v1/payments/intents/{id}", { params: { path: { id: intent.id } } })).data ?? intent;
}
