import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { audited, chromiumFor, createListing as createListingIn, deleteListings, follow, signIn, unique } from "./browser/storefront";
import { api, base, DEMO, newTenant } from "./helpers";

// Buyer journeys: the storefront sells for the demo tenant, so listings these journeys need are created
// through the API with its secret key and unique SKUs. Seller journeys use fresh tenants.
const created: string[] = [];
const createListing = (markets: string[] | undefined, title: string) => createListingIn(created, markets, title);

describe("the storefront and the seller console in Chromium", () => {
  const { buyer, foreign } = chromiumFor(() => deleteListings(created));

  it("reads the catalog and a product with JavaScript off", async () => {
    const page = await buyer("de-DE", "DE", { javaScriptEnabled: false });
    await page.goto(`${base()}/?category=kitchen`);
    expect(await page.$$eval(".card .price", (els) => els.length)).toBeGreaterThan(0);
    await follow(page, "a[rel=next]");
    await follow(page, ".card h2 a");
    expect(await page.textContent("h1")).toBeTruthy();
    expect(await page.textContent(".price")).toContain("inkl. MwSt.");
  });

  it("a DE buyer reads German with EUR prices including VAT, searches, filters and pages", async () => {
    const page = await buyer("de-DE", "DE");
    await page.goto(`${base()}/`);
    expect(await page.getAttribute("html", "lang")).toBe("de");
    expect(await page.getAttribute("html", "dir")).toBe("ltr");
    const prices = await page.$$eval(".card .price", (els) => els.map((e) => e.textContent ?? ""));
    expect(prices.length).toBeGreaterThan(0);
    for (const p of prices) expect(p).toMatch(/€.*inkl\. MwSt\./);
    const hreflangs = await page.$$eval('link[rel="alternate"]', (els) => els.map((e) => e.getAttribute("hreflang")));
    expect(hreflangs).toEqual(expect.arrayContaining(["de", "ar", "ja", "x-default"]));
    await audited(page, "catalog-de");

    await follow(page, "a[rel=next]");
    expect(page.url()).toContain("cursor=");
    const second = await page.$$eval(".card h2", (els) => els.map((e) => e.textContent));
    expect(second.length).toBeGreaterThan(0);

    await page.selectOption("select[name=category]", "kitchen");
    await follow(page, ".filters button");
    expect(page.url()).toContain("category=kitchen");
    expect(await page.$$eval(".card", (els) => els.length)).toBeGreaterThan(0);

    // Search by a word of a title on the page: it finds that listing again.
    const title = (await page.textContent(".card h2 a"))!;
    const word = title.split(/\s+/).find((w) => w.length >= 4)!;
    await page.fill(".filters input[name=q]", word);
    await follow(page, ".filters button");
    expect(await page.$$eval(".card h2 a", (els) => els.map((e) => e.textContent))).toContain(title);

    await page.fill(".filters input[name=q]", "zzzz-no-such-thing");
    await follow(page, ".filters button");
    expect(await page.textContent("main")).toContain("Keine Treffer");

    await page.goto(`${base()}/`);
    await follow(page, ".card h2 a");
    expect(page.url()).toMatch(/\/p\/lst_/);
    expect(await page.textContent(".price")).toContain("inkl. MwSt.");
    await audited(page, "product-de");
  });

  it("the switcher changes language and currency, and the choice sticks", async () => {
    const page = await buyer("de-DE", "DE");
    await page.goto(`${base()}/`);
    await page.selectOption("#sw-locale", "ja");
    await page.selectOption("#sw-currency", "JPY");
    await page.click("header form button");
    expect(await page.getAttribute("html", "lang")).toBe("ja");
    expect(await page.textContent(".card .price")).toMatch(/￥|¥/);
    await page.goto(`${base()}/`);
    expect(await page.getAttribute("html", "lang")).toBe("ja");
  });

  it("an ar buyer gets a right-to-left page in Arabic", async () => {
    const page = await buyer("ar-SA", "SA");
    await page.goto(`${base()}/`);
    expect(await page.getAttribute("html", "lang")).toBe("ar");
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe("rtl");
    expect(await page.textContent("h1")).toBe("المنتجات");
    await audited(page, "catalog-ar");
  });

  it("a listing not sold in the buyer's country says so plainly (451)", async () => {
    const id = await createListing(["US"], "US-only notebook");
    const page = await buyer("de-DE", "DE");
    const res = await page.goto(`${base()}/p/${id}`);
    expect(res?.status()).toBe(451);
    expect(await page.textContent("h1")).toBe("In Ihrem Land nicht erhältlich");
    await audited(page, "product-451-de");
  });

  it("an NL buyer is offered iDEAL first and completes checkout", async () => {
    const id = await createListing(undefined, "Walnut pen tray");
    const page = await buyer("nl-NL", "NL");
    await page.goto(`${base()}/p/${id}`);
    await page.click("a.button");
    expect(page.url()).toContain(`/checkout/${id}`);
    // The URL changes when the navigation commits, before the page is read: wait for its form (CI once read none).
    await page.waitForSelector(".methods label");
    const methods = await page.$$eval(".methods label", (els) => els.map((e) => e.textContent?.trim()));
    expect(methods[0]).toBe("iDEAL");
    expect(await page.isChecked(".methods input[value=ideal]")).toBe(true);
    await audited(page, "checkout-nl");
    await page.click("#pay-form button[type=submit]");
    await page.waitForSelector("[data-status]");
    expect(await page.getAttribute("[data-status]", "data-status")).toBe("succeeded");
    expect(await page.textContent("h1")).toBe("Payment succeeded");
    await audited(page, "checkout-outcome-nl");
  });

  it("an NL buyer whose bank wants them on its page is sent there, and back to the outcome page", async () => {
    const id = await createListing(undefined, "Cherry desk tidy");
    const admin = (p: string, json?: unknown) => api(`/v1/admin/payments/simulator${p}`, { method: json ? "PUT" : "POST", key: DEMO.admin, json });
    const routing = (rules: unknown[]) => api("/v1/payments/routing", { method: "PUT", key: DEMO.secret, json: { rules } });
    expect((await routing([{ match: { countries: ["NL"] }, route: { type: "provider", provider: "stripe" } }])).status).toBe(200);
    expect((await admin("", { stripe: { mode: "requires_action" } })).status).toBe(200);
    const BANK = "https://hooks.stripe.sim/";
    try {
      const page = await buyer("en-GB", "NL");
      // The bank's page, on no network: it sends the buyer back to the return URL the payment carries, as Stripe does.
      const sentTo: string[] = [];
      await page.context().route(`${BANK}**`, async (route) => {
        sentTo.push(route.request().url());
        const list = (await (await api("/v1/payments/intents?limit=20", { key: DEMO.secret })).json()) as { items: { nextAction: { url: string; returnUrl: string | null } | null }[] };
        const back = new URL(list.items.find((i) => i.nextAction?.url === route.request().url())!.nextAction!.returnUrl!);
        back.searchParams.set("redirect_status", "succeeded");
        await route.fulfill({ status: 303, headers: { location: back.href } });
      });
      await page.goto(`${base()}/checkout/${id}`);
      await page.click("#pay-form button[type=submit]");
      await page.waitForURL((u) => u.pathname === `/checkout/${id}/done` && u.searchParams.has("returned"));
      await page.waitForSelector("[data-status]");
      expect(sentTo).toHaveLength(1);
      // Back before Stripe's event: the payment still awaits its provider, and the page says so.
      expect(await page.getAttribute("[data-status]", "data-status")).toBe("requires_action");
      expect(await page.textContent("main")).toContain("Waiting for your bank or wallet to confirm the payment.");
      await audited(page, "checkout-returned-nl");
    } finally {
      await admin("/reset");
      await routing([]);
      // The bank's page is the one request meant to leave the stack.
      foreign.splice(0, foreign.length, ...foreign.filter((u) => !u.startsWith(BANK)));
    }
  });

  it("shows the failover when the first provider is down", async () => {
    const id = await createListing(undefined, "Oak letter rack");
    const admin = (p: string, json?: unknown) => api(`/v1/admin/payments/simulator${p}`, { method: json ? "PUT" : "POST", key: DEMO.admin, json });
    const routing = (rules: unknown[]) => api("/v1/payments/routing", { method: "PUT", key: DEMO.secret, json: { rules } });
    expect((await routing([{ match: { countries: ["NL"] }, route: { type: "chain", providers: ["stripe", "adyen"] } }])).status).toBe(200);
    expect((await admin("", { stripe: { mode: "outage" } })).status).toBe(200);
    try {
      const page = await buyer("en-GB", "NL");
      await page.goto(`${base()}/checkout/${id}`);
      await page.click("#pay-form button[type=submit]");
      await page.waitForSelector("[data-status]");
      expect(await page.getAttribute("[data-status]", "data-status")).toBe("succeeded");
      expect(await page.$$eval(".attempts li", (els) => els.map((e) => e.getAttribute("data-provider")))).toEqual(["stripe", "adyen"]);
      expect(await page.textContent(".failover")).toMatch(/stripe .* failed, so the payment moved on to adyen/);
    } finally {
      await admin("/reset");
      await routing([]);
    }
  });

  it("a seller signs in, creates a listing with a confusable brand, sees it held with the finding, uploads evidence and sees the receipt verify", async () => {
    const tenant = await newTenant();
    const page = await buyer("en-US", "US");
    await page.goto(`${base()}/console`);
    await audited(page, "console-signin");
    await page.fill("#key", tenant.keys.secret);
    await page.click("main form button[type=submit]");
    await page.waitForSelector("h1:text('Listings')");

    // The session: HttpOnly, SameSite=Strict, never readable by page script or kept in storage.
    const cookie = (await page.context().cookies()).find((c) => c.name === "ecp_console");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    expect(await page.evaluate(() => document.cookie)).not.toContain("ecp_console");
    const html = await page.content();
    expect(html).not.toContain(tenant.keys.secret);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);

    await page.click("text=New listing");
    const sku = unique("CASE");
    await page.fill("#sku", sku);
    await page.fill("#brand", "Gadgetry");
    await page.fill("#title", "\u0410pple iPhone case"); // a Cyrillic А
    await page.fill("#price", "19.99");
    await page.fill("#markets", "US, DE");
    await page.selectOption("#category", "electronics");
    // The preview shows the finding as the seller types, before anything is saved.
    await page.waitForSelector("#clearance [data-clearance=blocked]", { timeout: 20_000 });
    expect(await page.textContent("#clearance")).toMatch(/Apple.*Apple Inc\..*confusable/s);
    await audited(page, "console-new-listing");
    await page.click("#listing-form button[type=submit]");
    await page.waitForSelector("[data-status=held]");
    expect(await page.textContent("#clearance")).toContain("Apple Inc.");
    await page.goto(`${base()}/console`);
    expect(await page.textContent(`tr[data-sku="${sku}"]`)).toMatch(/held/);
    await audited(page, "console-listings");

    // Bad input: the API's problem detail beside the field it names.
    await page.goto(`${base()}/console/listings/new`);
    await page.fill("#sku", sku);
    await page.fill("#brand", "Gadgetry");
    await page.fill("#title", "Walnut stand");
    await page.fill("#price", "5");
    await page.click("#listing-form button[type=submit]");
    expect(await page.textContent("#sku-error")).toContain(`A listing with SKU ${sku} already exists.`);
    expect(await page.getAttribute("#sku", "aria-invalid")).toBe("true");
    expect(await page.inputValue("#title")).toBe("Walnut stand"); // what was typed is kept

    await page.goto(`${base()}/console/evidence`);
    await page.setInputFiles("#file", { name: "listing.pdf", mimeType: "application/pdf", buffer: Buffer.from(`%PDF-1.4\n% counterfeit listing capture ${sku}\n%%EOF\n`) });
    await page.fill("#title", "Counterfeit listing capture");
    await page.click("form[enctype] button[type=submit]");
    await page.waitForSelector("#receipt-status[data-verified=true]", { timeout: 20_000 });
    expect(await page.$$eval("#receipt-checks li", (els) => els.map((e) => e.textContent))).toHaveLength(5);
    await audited(page, "console-evidence-receipt");
  });

  it("a listing form sent twice (a double click, a resubmit) creates one listing and shows it both times", async () => {
    const tenant = await newTenant();
    const page = await buyer("en-US", "US");
    await signIn(page, tenant.keys.secret);
    await page.goto(`${base()}/console/listings/new`);
    const key = await page.inputValue("#listing-form input[name=idempotencyKey]");
    expect(key).toMatch(/^listing_[0-9a-f-]{36}$/);
    const sku = unique("TWICE");
    const form = { idempotencyKey: key, sku, brand: "Gadgetry", title: "Walnut stand", price: "5", currency: "USD", markets: "", category: "" };
    const sent = await Promise.all([0, 1].map(() => page.request.post(`${base()}/console/listings`, { form, headers: { origin: base() }, maxRedirects: 0 })));
    const again = await page.request.post(`${base()}/console/listings`, { form, headers: { origin: base() }, maxRedirects: 0 });
    for (const res of [...sent, again]) {
      expect(res.status()).toBe(201);
      const html = await res.text();
      expect(html).toContain(`Edit ${sku}`);
      expect(html).not.toContain("already exists");
    }
    const listed = (await (await api("/v1/catalog/listings?limit=100", { key: tenant.keys.secret })).json()) as { items: { sku: string }[] };
    expect(listed.items.filter((l) => l.sku === sku)).toHaveLength(1);
  });

  it("sends an expired or tampered session back to sign-in with a clear message", async () => {
    const page = await buyer("en-US", "US");
    await page.context().addCookies([{ name: "ecp_console", value: "tampered", url: `${base()}/console` }]);
    await page.goto(`${base()}/console/listings/new`);
    expect(page.url()).toMatch(/\/console\?m=invalid$/);
    expect(await page.textContent("[role=status]")).toContain("Sign in again");
  });

  it("keeps every page's script under 50 KB gzip", () => {
    const dir = path.join(path.dirname(new URL(import.meta.url).pathname), "../workers/gateway/public/sf");
    const files = readdirSync(dir).filter((f) => f.endsWith(".js"));
    expect(files).toEqual(expect.arrayContaining(["listing.js", "evidence.js", "room.js"]));
    for (const f of files) expect(gzipSync(readFileSync(path.join(dir, f))).length, f).toBeLessThan(50 * 1024);
  });
});
