import type { Child } from "hono/jsx";
import type { components } from "../../../../shared/client";
import { CURRENCIES, type Buyer } from "../buyer";
import { UI_LOCALES } from "../i18n/locale";
import { LANGUAGE_NAMES } from "../i18n/messages";
import { Page, type Alternate } from "./layout";

export type Listing = components["schemas"]["Listing"];
type Price = components["schemas"]["LocalizedPrice"];


/** The same page in every UI language (`?locale=`), plus `x-default` without one. */
export function alternates(url: URL): Alternate[] {
  const at = (locale: string | null) => {
    const u = new URL(url);
    u.searchParams.delete("locale");
    if (locale) u.searchParams.set("locale", locale);
    return u.toString();
  };
  return [...UI_LOCALES.map((l) => ({ hreflang: l, href: at(l) })), { hreflang: "x-default", href: at(null) }];
}

function Switcher({ buyer, url }: { buyer: Buyer; url: URL }) {
  const { t } = buyer;
  const keep = [...url.searchParams].filter(([k]) => k !== "locale" && k !== "currency" && k !== "cursor");
  return (
    <form method="get" action={url.pathname} aria-label={`${t.language} / ${t.currency}`}>
      {keep.map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <label for="sw-locale">{t.language}</label>
      <select id="sw-locale" name="locale">
        {UI_LOCALES.map((l) => (
          <option value={l} selected={l === buyer.locale} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
      <label for="sw-currency">{t.currency}</label>
      <select id="sw-currency" name="currency">
        <option value="" selected={!buyer.currency}>
          {t.localCurrency}
        </option>
        {CURRENCIES.map((c) => (
          <option value={c} selected={c === buyer.currency}>
            {c}
          </option>
        ))}
      </select>
      <button type="submit">{t.apply}</button>
    </form>
  );
}

/** A storefront page: shop header with the language/currency switcher, hreflang alternates. */
export function ShopPage(p: { buyer: Buyer; url: URL; title: string; scripts?: string[]; data?: unknown; children: Child }) {
  const { buyer } = p;
  const header = (
    <header class="top">
      <a class="brand" href="/">
        {buyer.t.store}
      </a>
      <Switcher buyer={buyer} url={p.url} />
    </header>
  );
  return (
    <Page lang={buyer.locale} dir={buyer.dir} title={`${p.title} · ${buyer.t.store}`} skipLabel={buyer.t.skip} alternates={alternates(p.url)} header={header} scripts={p.scripts} data={p.data}>
      {p.children}
    </Page>
  );
}

/** A price as the API formatted it, with its tax label (`inkl. MwSt.` where shelf prices include VAT). */
export function PriceTag({ price, buyer }: { price: Price; buyer: Buyer }) {
  return (
    <p class="price">
      <span dir="auto">{price.formatted}</span> <span class="tax">{price.taxIncluded ? buyer.t.inclTax : buyer.t.exclTax}</span>
    </p>
  );
}

/**
 * A product card (catalog grid, chat product messages, live pins): title, brand, price. The seller's words carry the
 * listing's language, the shop's own (the tax label) the buyer's: a card may land in a page of another language.
 */
export function ListingCard({ listing, buyer, heading = "h2" }: { listing: Listing; buyer: Buyer; heading?: "h2" | "h3" }) {
  const Heading = heading;
  return (
    <article class="card" lang={buyer.locale} data-listing={listing.id}>
      <div class="thumb" aria-hidden="true">
        {[...listing.brand][0] ?? "•"}
      </div>
      <Heading lang={listing.locale}>
        <a href={`/p/${listing.id}`}>{listing.title}</a>
      </Heading>
      <p class="muted" lang={listing.locale}>
        {listing.brand}
      </p>
      <PriceTag price={listing.price} buyer={buyer} />
    </article>
  );
}

/** A plain message page (451, 404, the API unreachable), in the buyer's language. */
export function MessagePage(p: { buyer: Buyer; url: URL; title: string; text: string; kind?: "notice" | "bad" }) {
  return (
    <ShopPage buyer={p.buyer} url={p.url} title={p.title}>
      <section class={p.kind ?? "notice"}>
        <h1>{p.title}</h1>
        <p>{p.text}</p>
        <p>
          <a href="/">{p.buyer.t.backToShop}</a>
        </p>
      </section>
    </ShopPage>
  );
}
