import { missingStatus } from "./problem-page";
import type { Context, Hono } from "hono";
import { idempotencyKey, idempotencyKeyOf, idempotent, type components } from "../../../../../shared/client";
import { asProblem, fieldError, type Problem, sellerApi } from "../../api";
import { CATEGORY_IDS } from "../../i18n/messages";
import type { ConsoleUi } from "../../i18n/console";
import type { SfEnv } from "../../types";
import { ConsolePage, described, Field } from "../../views/console";
import { minorDigits } from "../../../../../shared/money/currency";
import { createBody, EMPTY_FORM, LISTING_LANGUAGES, parseMarkets, readForm, type ListingForm } from "./listing-form";
import { LANGUAGE_NAMES } from "../../i18n/messages";
import { refused, signOut } from "./session";
import { DataTable } from "../../views/table";
import { idPattern } from "../../../../../shared/ids";

/** A listing id as the catalog makes them: anything else is a 404 before any call (and never reaches a redirect). */
const LISTING_ID = idPattern("lst");

type Clearance = components["schemas"]["ClearanceResult"];
type Listing = components["schemas"]["Listing"];

/** Markets a clearance preview checks when the listing names none (it is then sold everywhere). */
const PREVIEW_MARKETS = ["US", "GB", "DE", "FR", "CN", "JP"];

const seller = (c: Context<SfEnv>) => sellerApi(c, { "accept-language": "en" });

/** The listings table: status, holds and why. */
export async function ListingsPage(c: Context<SfEnv>) {
  const cursor = c.req.query("cursor") || undefined;
  const { data, response } = await seller(c).GET("/v1/catalog/listings", { params: { query: { limit: 50, cursor, locale: "en" } } });
  if (refused(response.status)) return signOut(c, "revoked");
  const { t } = c.get("ui");
  return c.html(
    <ConsolePage ui={c.get("ui")} title={t.listings} signedIn>
      <h1>{t.listings}</h1>
      <p>
        <a class="button" href="/console/listings/new">
          {t.navNewListing}
        </a>
      </p>
      <DataTable
        problem={data ? undefined : c.get("ui").f("catalogUnreadable", { status: response.status })}
        caption={t.listingsCaption}
        rows={data?.items}
        columns={[t.colTitle, t.colSku, t.colBrand, t.colStatus, t.colHoldReason, t.colPrice]}
        row={(l) => (
          <tr data-sku={l.sku}>
            <td>
              <a href={`/console/listings/${l.id}`}>{l.title}</a>
            </td>
            <td>{l.sku}</td>
            <td>{l.brand}</td>
            <td>
              <span class={`badge ${l.status ?? ""}`}>{l.status}</span>
            </td>
            <td>{l.holdReason ?? ""}</td>
            <td>{l.price.formatted}</td>
          </tr>
        )}
      />
      {data?.nextCursor && <a href={`/console?cursor=${encodeURIComponent(data.nextCursor)}`}>{t.nextPage}</a>}
    </ConsolePage>,
  );
}

/** The findings of a clearance, each with its mark, owner and why it matched. */
export function ClearanceView({ ui, clearance, markets }: { ui: ConsoleUi; clearance?: Clearance; markets?: string[] }) {
  const { t } = ui;
  if (!clearance) return <p class="muted">{t.clearanceHint}</p>;
  return (
    <div data-clearance={clearance.status}>
      <p>
        {t.clearance} <strong>{clearance.status}</strong>
        {clearance.status === "blocked" && t.clearanceBlocked}
        {markets && ui.f("checkedIn", { markets: markets.join(", ") })}
      </p>
      {clearance.findings.length > 0 && (
        <ul class="findings">
          {clearance.findings.map((f) => (
            <li>{ui.f("finding", { mark: f.mark, owner: f.owner, jurisdiction: f.jurisdiction, number: f.registrationNumber ?? "", matched: f.matched, reasons: f.reasons.join(", "), similarity: Math.round(f.similarity * 100) })}</li>
          ))}
        </ul>
      )}
      {clearance.brand && clearance.brand.notRegisteredIn.length > 0 && (
        <p class="muted">{ui.f("brandNotRegistered", { brand: clearance.brand.name, markets: clearance.brand.notRegisteredIn.join(", ") })}</p>
      )}
    </div>
  );
}

function ListingFormPage(p: { ui: ConsoleUi; mode: "create" | "edit"; form: ListingForm; problem?: Problem; priceError?: string; listing?: Listing; clearance?: Clearance; status?: number }) {
  const { form, problem, listing } = p;
  const err = (...paths: string[]) => fieldError(problem, ...paths);
  const action = p.mode === "create" ? "/console/listings" : `/console/listings/${listing!.id}`;
  const unplaced = problem && !(problem.errors?.length) ? problem.detail : undefined;
  const { ui } = p;
  const { t } = ui;
  const heading = p.mode === "create" ? t.navNewListing : ui.f("editListing", { sku: listing?.sku ?? "" });
  return (
    <ConsolePage ui={ui} title={heading} signedIn scripts={["/sf/listing.js"]}>
      <h1>{heading}</h1>
      {listing && (
        <p class={listing.status === "held" ? "bad" : "ok"} data-status={listing.status}>
          {t.listingStatus} <strong>{listing.status}</strong>
          {listing.holdReason && ui.f("heldBecause", { reason: listing.holdReason })}
        </p>
      )}
      {unplaced && (
        <p class="bad" role="alert">
          {unplaced}
        </p>
      )}
      <div class="two">
        <form method="post" action={action} id="listing-form">
          {/* One key per rendered form: a double click or a resubmitted form shows the listing it created, not "SKU already exists". */}
          {p.mode === "create" && <input type="hidden" name="idempotencyKey" value={idempotencyKey("listing")} />}
          {/* The version this form shows: saving it over a listing changed since (another tab, a teammate) is refused, not silently merged. */}
          {p.mode === "edit" && listing?.version !== undefined && <input type="hidden" name="version" value={String(listing.version)} />}
          <Field id="sku" label={t.fieldSku} error={err("sku")}>
            <input name="sku" value={form.sku} required readonly={p.mode === "edit"} {...described("sku", err("sku"))} />
          </Field>
          <Field id="brand" label={t.fieldBrand} error={err("brand")}>
            <input name="brand" value={form.brand} required {...described("brand", err("brand"))} />
          </Field>
          {p.mode === "create" && (
            <Field id="language" label={t.fieldLanguage} error={err("defaultLocale")}>
              <select name="language" {...described("language", err("defaultLocale"))}>
                {LISTING_LANGUAGES.map((l) => (
                  <option value={l} selected={l === form.language} lang={l}>
                    {LANGUAGE_NAMES[l as keyof typeof LANGUAGE_NAMES]}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field id="title" label={t.fieldTitle} error={err("translations", "title")}>
            <input name="title" value={form.title} required {...described("title", err("translations", "title"))} />
          </Field>
          <Field id="description" label={t.fieldDescription} error={err("description")}>
            <textarea name="description" rows={3} {...described("description", err("description"))}>
              {form.description}
            </textarea>
          </Field>
          <Field id="price" label={t.fieldPrice} error={p.priceError ?? err("price")} hint={t.fieldPriceHint}>
            <input name="price" value={form.price} inputmode="decimal" required readonly={p.mode === "edit"} {...described("price", p.priceError ?? err("price"), true)} />
          </Field>
          <Field id="currency" label={t.fieldCurrency} error={err("price.currency")}>
            <input name="currency" value={form.currency} maxlength={3} required readonly={p.mode === "edit"} {...described("currency", err("price.currency"))} />
          </Field>
          <Field id="markets" label={t.fieldMarkets} hint={t.fieldMarketsHint} error={err("markets")}>
            <input name="markets" value={form.markets} {...described("markets", err("markets"), true)} />
          </Field>
          <Field id="category" label={t.fieldCategory} error={err("category")}>
            <select name="category" {...described("category", err("category"))}>
              <option value="">{t.noCategory}</option>
              {CATEGORY_IDS.map((id) => (
                <option value={id} selected={id === form.category}>
                  {id}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit">{p.mode === "create" ? t.createListing : t.saveChanges}</button>
        </form>
        <section aria-labelledby="clearance-heading">
          <h2 id="clearance-heading">{t.ipClearance}</h2>
          <div id="clearance" aria-live="polite">
            <ClearanceView ui={ui} clearance={p.clearance} />
          </div>
        </section>
      </div>
    </ConsolePage>
  );
}

const formOf = (l: Listing): ListingForm => ({
  sku: l.sku,
  brand: l.brand,
  title: l.title,
  description: l.description,
  price: (l.price.amount / 10 ** minorDigits(l.price.currency)).toFixed(minorDigits(l.price.currency)),
  currency: l.price.currency,
  markets: (l.markets ?? []).join(", "),
  category: l.category ?? "",
  language: l.locale,
});

/** Console listings: create and edit with clearance, and the preview the form's script asks for as the seller types. */
export function registerConsoleListings(app: Hono<SfEnv>) {
  // A new listing is written in the console's language unless the seller picks another.
  app.get("/console/listings/new", (c) => c.html(<ListingFormPage ui={c.get("ui")} mode="create" form={{ ...EMPTY_FORM, language: c.get("ui").locale }} />));

  app.post("/console/listings", async (c) => {
    const posted = await c.req.parseBody();
    const form = readForm(posted);
    const { body, priceOk } = createBody(form);
    const key = idempotencyKeyOf(posted.idempotencyKey, "listing") ?? idempotencyKey("listing");
    if (!priceOk) {
      c.status(400);
      return c.html(<ListingFormPage ui={c.get("ui")} mode="create" form={form} priceError={c.get("ui").f("priceFormat", { currency: form.currency })} />);
    }
    const api = seller(c);
    const { data, error, response } = await api.POST("/v1/catalog/listings", { body, ...idempotent(key) });
    if (refused(response.status)) return signOut(c, "revoked");
    if (!data) {
      c.status(response.status >= 500 ? 503 : 400);
      return c.html(<ListingFormPage ui={c.get("ui")} mode="create" form={form} problem={asProblem(error, response.status)} />);
    }
    const created = await api.GET("/v1/catalog/listings/{id}", { params: { path: { id: data.id }, query: { locale: "en" } } });
    c.status(201);
    return c.html(<ListingFormPage ui={c.get("ui")} mode="edit" form={created.data ? formOf(created.data) : form} listing={created.data} clearance={data.clearance} />);
  });

  app.get("/console/listings/:id", async (c) => {
    if (!LISTING_ID.test(c.req.param("id"))) return c.notFound();
    const api = seller(c);
    const { data, error, response } = await api.GET("/v1/catalog/listings/{id}", { params: { path: { id: c.req.param("id") }, query: { locale: "en" } } });
    if (refused(response.status)) return signOut(c, "revoked");
    if (!data) {
      c.status(missingStatus(response.status));
      return c.html(
        <ConsolePage ui={c.get("ui")} title={c.get("ui").t.listing} signedIn>
          <p class="bad">{asProblem(error, response.status).detail}</p>
        </ConsolePage>,
      );
    }
    return c.html(<ListingFormPage ui={c.get("ui")} mode="edit" form={formOf(data)} listing={data} />);
  });

  app.post("/console/listings/:id", async (c) => {
    const id = c.req.param("id");
    if (!LISTING_ID.test(id)) return c.notFound();
    const posted = await c.req.parseBody();
    const form = readForm(posted);
    const version = /^\d{1,15}$/.test(String(posted.version ?? "")) ? String(posted.version) : null;
    // The price is shown as the API localizes it, so the edit form does not send it back.
    const { body } = createBody(form);
    const api = seller(c);
    const current = await api.GET("/v1/catalog/listings/{id}", { params: { path: { id }, query: { locale: "en" } } });
    if (!current.data) return c.redirect(`/console/listings/${id}`, 303);
    // (The generated PatchListing type makes each translation an intersection no literal satisfies.)
    const patch = {
      brand: body.brand,
      translations: { [current.data.locale]: body.translations[form.language]! },
      markets: body.markets ?? null,
      category: body.category ?? null,
    };
    const { data, error, response } = await api.PATCH("/v1/catalog/listings/{id}", {
      params: { path: { id }, header: version ? { "if-match": `"lv${version}"` } : {} },
      body: patch as never,
    });
    if (refused(response.status)) return signOut(c, "revoked");
    const after = (await api.GET("/v1/catalog/listings/{id}", { params: { path: { id }, query: { locale: "en" } } })).data ?? current.data;
    if (!data) {
      // Changed since this form was shown: what the seller typed stays, over the listing as it is now (its new version).
      const problem = response.status === 412 ? { ...asProblem(error, 412), detail: c.get("ui").t.listingChanged, errors: [] } : asProblem(error, response.status);
      c.status(response.status === 412 ? 412 : 400);
      return c.html(<ListingFormPage ui={c.get("ui")} mode="edit" form={form} listing={after} problem={problem} />);
    }
    const clearance = (data as { clearance?: Clearance }).clearance;
    return c.html(<ListingFormPage ui={c.get("ui")} mode="edit" form={formOf(after)} listing={after} clearance={clearance} />);
  });

  // The preview behind the form's script: the same clearance the catalog runs, before anything is saved.
  app.post("/console/clearance", async (c) => {
    const input = (await c.req.json().catch(() => ({}))) as { brand?: string; title?: string; markets?: string };
    const markets = parseMarkets(String(input.markets ?? ""));
    const text = String(input.title ?? "").trim() || String(input.brand ?? "").trim();
    if (!text) return c.html(<ClearanceView ui={c.get("ui")} />);
    const checked = markets.length ? markets : PREVIEW_MARKETS;
    const { data, error, response } = await seller(c).POST("/v1/ip/clearance", {
      body: { text, ...(input.brand ? { brand: String(input.brand) } : {}), markets: checked },
    });
    if (data) return c.html(<ClearanceView ui={c.get("ui")} clearance={data} markets={checked} />);
    return c.json(asProblem(error, response.status), response.status === 401 ? 401 : 400);
  });
}
