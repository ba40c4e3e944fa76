import type { Context, Hono } from "hono";
import { idPattern } from "../../../../shared/ids";
import { apiClient } from "../api";
import { spendCreation } from "../buyer-budget";
import type { components } from "../../../../shared/client";
import { idempotencyKey, idempotencyKeyOf } from "../../../../shared/client";
import type { Buyer } from "../buyer";
import { buyerMac } from "../chat/identity";
import type { SfEnv } from "../types";
import { MessagePage, PriceTag, ShopPage } from "../views/shop";
import { readListing, unavailable } from "./product";

type Intent = components["schemas"]["PaymentIntent"];

/** What the buyer should read about the attempts: each provider that failed before the one that answered. */
export function failovers(intent: Pick<Intent, "attempts">): { from: string; to: string; why: string }[] {
  const out: { from: string; to: string; why: string }[] = [];
  const attempts = [...intent.attempts].sort((a, b) => a.attemptNo - b.attemptNo);
  for (let i = 1; i < attempts.length; i++) {
    const prev = attempts[i - 1]!;
    const cur = attempts[i]!;
    if (prev.provider !== cur.provider) out.push({ from: prev.provider, to: cur.provider, why: prev.code ?? prev.outcome ?? prev.status });
  }
  return out;
}

/** `GET /checkout/:id` offers the buyer's local methods, ranked; `POST` pays with an Idempotency-Key the form carries. */
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
    await confirmOnce(api, created.data);
    // Post/redirect/get: reloading or going back to the outcome reads the payment, it never sends the form again.
    return c.redirect(`/checkout/${l.id}/done?intent=${created.data.id}&sig=${await outcomeSignature(c, created.data.id)}`, 303);
  });

  app.get("/checkout/:id/done", async (c) => {
    const buyer = c.get("buyer");
    const intentId = c.req.query("intent") ?? "";
    const sig = c.req.query("sig") ?? "";
    if (!INTENT_ID.test(intentId) || !LISTING_ID.test(c.req.param("id")) || sig !== (await outcomeSignature(c, intentId))) return unavailable(c, 404);
    const api = apiClient(c.env, c.env.STOREFRONT_SECRET_KEY, buyer.apiHeaders);
    const { data } = await api.GET("/v1/payments/intents/{id}", { params: { path: { id: intentId } } });
    if (!data) return unavailable(c, 503);
    return c.html(<Outcome buyer={buyer} url={new URL(c.req.url)} intent={data} listingId={c.req.param("id")} />);
  });
}

const INTENT_ID = idPattern("pi");
const LISTING_ID = idPattern("lst");

/** Who may read an outcome page: the browser that paid (its buyer cookie), for that one intent. */
const outcomeSignature = (c: Context<SfEnv>, intentId: string) => buyerMac(c, `checkout-outcome:${intentId}`);

/** Confirms a new intent; a replayed one (the form sent twice) is shown as it stands instead. */
async function confirmOnce(api: ReturnType<typeof apiClient>, intent: Intent): Promise<Intent> {
  if (intent.status !== "requires_confirmation") {
    return (await api.GET("/v1/payments/intents/{id}", { params: { path: { id: intent.id } } })).data ?? intent;
  }
  const confirmed = await api.POST("/v1/payments/intents/{id}/confirm", { params: { path: { id: intent.id } } });
  if (confirmed.data) return confirmed.data as Intent;
  return (await api.GET("/v1/payments/intents/{id}", { params: { path: { id: intent.id } } })).data ?? intent;
}

function Outcome({ buyer, url, intent, listingId }: { buyer: Buyer; url: URL; intent: Intent; listingId: string }) {
  const { t } = buyer;
  const ok = intent.status === "succeeded" || intent.status === "requires_capture";
  const pending = intent.status === "processing" || intent.status === "requires_action";
  const title = ok ? t.paid : pending ? t.pending : t.notPaid;
  return (
    <ShopPage buyer={buyer} url={url} title={title}>
      <section class={ok ? "ok" : pending ? "notice" : "bad"} data-status={intent.status}>
        <h1>{title}</h1>
        <p>
          <strong dir="auto">{intent.formattedAmount}</strong> · {intent.method} · <code>{intent.id}</code>
        </p>
      </section>
      <h2>{t.attempts}</h2>
      <ol class="attempts">
        {intent.attempts.map((a) => (
          <li data-provider={a.provider} data-attempt-status={a.status}>
            {a.provider}: {a.status}
            {a.code ? ` (${a.code})` : ""}
          </li>
        ))}
      </ol>
      {failovers(intent).map((f) => (
        <p class="notice failover">
          {f.from} ({f.why}) {t.failedOver} {f.to}.
        </p>
      ))}
      <p>
        {ok ? <a href="/">{t.backToShop}</a> : <a href={`/checkout/${listingId}`}>{t.tryAgain}</a>}
      </p>
    </ShopPage>
  );
}
