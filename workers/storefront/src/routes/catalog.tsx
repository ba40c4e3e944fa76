import type { Hono } from "hono";
import { apiClient } from "../api";
import { CATEGORY_IDS, categoryName } from "../i18n/messages";
import type { SfEnv } from "../types";
import { ListingCard, MessagePage, ShopPage } from "../views/shop";
import type { Buyer } from "../buyer";

const PAGE_SIZE = 12;

/**
 * The query every catalog read shares: the buyer's explicit language and currency, when they chose one. Never
 * their country: it reaches the catalog from the edge already (each call's `cf`, buyer-edge.ts), where a country
 * with no market sells nothing (451, an empty list); as an explicit `?country` the catalog refuses one (400).
 */
export function catalogQuery(buyer: Buyer) {
  return {
    ...(buyer.catalogLocale ? { locale: buyer.catalogLocale } : {}),
    ...(buyer.currency ? { currency: buyer.currency } : {}),
  };
}

/** The catalog's refusals of a search itself (too short, no words): the buyer corrects it in the form. */
const SEARCH_REFUSED = new Set(["query_too_short", "invalid_query"]);

/** `GET /`: the catalog, searchable, by category, a page at a time; readable without JavaScript. */
export function registerCatalog(app: Hono<SfEnv>) {
  app.get("/", async (c) => {
    const buyer = c.get("buyer");
    const url = new URL(c.req.url);
    const q = c.req.query("q")?.trim().slice(0, 200) || undefined;
    const category = c.req.query("category") || undefined;
    const cursor = c.req.query("cursor") || undefined;
    const api = apiClient(c.env, c.env.STOREFRONT_PUBLISHABLE_KEY, buyer.apiHeaders);
    const { data: found, error, response } = await api.GET("/v1/catalog/listings", {
      params: { query: { ...catalogQuery(buyer), q, category, cursor, limit: PAGE_SIZE } },
    });
    const { t } = buyer;
    const refine = !found && response.status === 400 && SEARCH_REFUSED.has(String(error?.code));
    const data = found ?? (refine ? { items: [], nextCursor: null } : undefined);
    if (!data) {
      c.status(response.status === 400 ? 400 : 503);
      return c.html(<MessagePage buyer={buyer} url={url} title={t.results} text={t.unavailable} kind="bad" />);
    }
    const next = new URL(url);
    if (data.nextCursor) next.searchParams.set("cursor", data.nextCursor);
    const first = new URL(url);
    first.searchParams.delete("cursor");
    return c.html(
      <ShopPage buyer={buyer} url={url} title={q ? `${t.search}: ${q}` : t.results}>
        <h1>{t.results}</h1>
        <form class="filters" method="get" action="/" role="search">
          <label>
            {t.searchLabel}
            <input type="search" name="q" value={q ?? ""} aria-invalid={refine ? "true" : undefined} aria-describedby={refine ? "refine" : undefined} />
          </label>
          <label>
            {t.category}
            <select name="category">
              <option value="">{t.allCategories}</option>
              {CATEGORY_IDS.map((id) => (
                <option value={id} selected={id === category}>
                  {categoryName(id, buyer.locale)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t.search}</button>
        </form>
        {refine ? (
          <p class="notice" role="status" id="refine">
            {t.refineSearch}
          </p>
        ) : data.items.length === 0 ? (
          <p>{t.noResults}</p>
        ) : (
          <ul class="grid">
            {data.items.map((l) => (
              <li>
                <ListingCard listing={l} buyer={buyer} />
              </li>
            ))}
          </ul>
        )}
        <nav class="pager" aria-label={t.results}>
          {cursor && <a href={first.pathname + first.search}>{t.firstPage}</a>}
          {data.nextCursor && (
            <a rel="next" href={next.pathname + next.search}>
              {t.nextPage}
            </a>
          )}
        </nav>
      </ShopPage>,
    );
  });
}
