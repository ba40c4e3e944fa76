import type { Context, Hono } from "hono";
import { idPattern } from "../../../../shared/ids";
import { apiClient } from "../api";
import type { Buyer } from "../buyer";
import type { SfEnv } from "../types";
import { MessagePage, PriceTag, ShopPage, type Listing } from "../views/shop";
import { catalogQuery } from "./catalog";
import { CHAT_MESSAGES } from "../i18n/chat-messages";

const LISTING_ID = idPattern("lst");

export type ListingRead = { listing: Listing } | { status: 404 | 451 | 503 };

/** One listing as this buyer sees it (their language, currency, market), or why they cannot. */
export async function readListing(env: Env, buyer: Buyer, id: string): Promise<ListingRead> {
  // Not an id the catalog could have made: no platform call for it.
  if (!LISTING_ID.test(id)) return { status: 404 };
  const api = apiClient(env, env.STOREFRONT_PUBLISHABLE_KEY, buyer.apiHeaders);
  const { data, response } = await api.GET("/v1/catalog/listings/{id}", { params: { path: { id }, query: catalogQuery(buyer) } });
  if (data) return { listing: data };
  const status = response.status;
  return { status: status === 451 ? 451 : status === 404 || status === 400 ? 404 : 503 };
}

/** The page for a listing the buyer cannot have: 451 says plainly it is not sold in their country. */
export function unavailable(c: Context<SfEnv>, status: 404 | 451 | 503) {
  const buyer = c.get("buyer");
  const { t } = buyer;
  const url = new URL(c.req.url);
  c.status(status);
  if (status === 451) return c.html(<MessagePage buyer={buyer} url={url} title={t.notSoldTitle} text={t.notSold} />);
  if (status === 404) return c.html(<MessagePage buyer={buyer} url={url} title={t.notFoundTitle} text={t.notFound} />);
  return c.html(<MessagePage buyer={buyer} url={url} title={t.notFoundTitle} text={t.unavailable} kind="bad" />);
}

/** `GET /p/:id`: the product page. */
export function registerProduct(app: Hono<SfEnv>) {
  app.get("/p/:id", async (c) => {
    const buyer = c.get("buyer");
    const read = await readListing(c.env, buyer, c.req.param("id"));
    if (!("listing" in read)) return unavailable(c, read.status);
    const l = read.listing;
    const { t } = buyer;
    const attributes = Object.entries(l.attributes ?? {});
    return c.html(
      <ShopPage buyer={buyer} url={new URL(c.req.url)} title={l.title}>
        {/* The seller's words in the listing's language; the shop's own (Buy, tax, Ask) in the page's. */}
        <article class="two">
          <div class="thumb" aria-hidden="true">
            {[...l.brand][0] ?? "•"}
          </div>
          <div>
            <h1 lang={l.locale}>{l.title}</h1>
            <p class="muted" lang={l.locale}>
              {l.brand}
            </p>
            <PriceTag price={l.price} buyer={buyer} />
            {l.description && <p lang={l.locale}>{l.description}</p>}
            {attributes.length > 0 && (
              <dl lang={l.locale}>
                {attributes.map(([k, v]) => (
                  <>
                    <dt>{k}</dt>
                    <dd>{String(v)}</dd>
                  </>
                ))}
              </dl>
            )}
            <p>
              <a class="button" href={`/checkout/${l.id}`}>
                {t.buy}
              </a>
            </p>
            <form method="post" action="/ask">
              <input type="hidden" name="listing" value={l.id} />
              <button type="submit" class="secondary">
                {CHAT_MESSAGES[buyer.locale].askSeller}
              </button>
            </form>
          </div>
        </article>
      </ShopPage>,
    );
  });
}
