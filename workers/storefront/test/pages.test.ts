import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { seal } from "../src/session";
import { call, json, listing } from "./helpers";
import type { ApiStub } from "./helpers";
import { failovers } from "../src/views/checkout-outcome";

const page = (items: unknown[], nextCursor: string | null = null) => json({ items, nextCursor });

describe("storefront pages (rendered in workerd, API stubbed)", () => {
  it("renders the catalog in the buyer's language with lang, hreflang and the tax label, leaving the country to the edge", async () => {
    const req = call("/", { headers: { "accept-language": "de-DE,de;q=0.9", "x-ecp-country": "DE", "x-ecp-location": "52.52,13.40" } }, () => page([listing()], "c1"));
    const res = await req;
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('<html lang="de" dir="ltr">');
    expect(html).toContain("109,48 €");
    expect(html).toContain("inkl. MwSt.");
    expect(html).toContain('hreflang="ar" href="https://shop.example/?locale=ar"');
    expect(html).toContain('hreflang="x-default"');
    expect(html).toContain("cursor=c1");
    expect(html).not.toContain("<script"); // reading the catalog needs no script
    const api = req.calls[0]!;
    expect(new URL(api.url).pathname).toBe("/v1/catalog/listings");
    expect(api.headers.get("authorization")).toBe("Bearer pk_test_demo");
    // The country goes as the call's cf (buyer-edge.test.ts): an explicit ?country the catalog refuses when it is no market.
    expect(new URL(api.url).searchParams.has("country")).toBe(false);
    expect(api.headers.get("accept-language")).toBe("de-DE,de;q=0.9");
  });

  it("sends every page with a CSP: scripts only from this origin, no inline script, never framed", async () => {
    const cookie = `ecp_console=${await seal({ key: "sk_test_seller", tenantId: "ten_1", exp: Math.floor(Date.now() / 1000) + 600 }, env.SESSION_SECRET)}`;
    for (const [path, headers] of [["/", {}], ["/console", {}], ["/console/listings/new", { cookie }], ["/p/lst_01JAAAAAAAAAAAAAAAAAAAAAAA", {}]] as const) {
      const res = await call(path, { headers }, (req) => (new URL(req.url).pathname.startsWith("/v1/catalog/listings/") ? json(listing()) : page([listing()])));
      expect(res.headers.get("content-type"), path).toMatch(/^text\/html/);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("form-action 'self'");
      expect(csp, path).toContain("base-uri 'none'");
    }
  });

  it("calls the API with the visitor's address, so each buyer spends their own rate budget", async () => {
    const buyer = call("/", { headers: { "cf-connecting-ip": "203.0.113.7" } }, () => page([]));
    await buyer;
    expect(buyer.calls[0]!.headers.get("cf-connecting-ip")).toBe("203.0.113.7");
    const unknown = call("/", {}, () => page([]));
    await unknown;
    expect(unknown.calls[0]!.headers.has("cf-connecting-ip")).toBe(false);
  });

  it("keeps and sends only the currencies the switcher offers: a link with ?currency=XYZ leaves no cookie behind", async () => {
    const catalog: ApiStub = (req) => (new URL(req.url).pathname.startsWith("/v1/catalog/listings/") ? json(listing()) : json({ items: [], nextCursor: null }));
    const bad = call("/p/lst_01JAAAAAAAAAAAAAAAAAAAAAAA?currency=xyz", {}, catalog);
    expect((await bad).status).toBe(200);
    expect(bad.calls.map((r) => r.url).join(" ")).not.toMatch(/currency=XYZ/i);
    expect((await bad).headers.getSetCookie().join("\n")).toMatch(/sf_currency=;.*Max-Age=0/i);
    const saved = call("/p/lst_01JAAAAAAAAAAAAAAAAAAAAAAA", { headers: { cookie: "sf_currency=XYZ" } }, catalog);
    expect((await saved).status).toBe(200);
    expect(saved.calls.map((r) => r.url).join(" ")).not.toMatch(/currency=XYZ/i);
    const good = call("/p/lst_01JAAAAAAAAAAAAAAAAAAAAAAA?currency=jpy", {}, catalog);
    await good;
    expect(good.calls.map((r) => r.url).join(" ")).toMatch(/currency=JPY/);
  });

  it("never takes the buyer's country from a client header (only the gateway's x-ecp-country)", async () => {
    const req = call("/", { headers: { "x-country": "DE", "cf-ipcountry": "DE" } }, () => page([]));
    await req;
    expect(new URL(req.calls[0]!.url).searchParams.get("country")).toBeNull();
  });

  it("writes Arabic right to left and passes search, category, paging and a chosen currency to the API", async () => {
    const req = call("/?q=lamp&category=kitchen&cursor=abc&currency=usd&locale=ar", {}, () => page([]));
    const html = await (await req).text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    const q = new URL(req.calls[0]!.url).searchParams;
    expect(Object.fromEntries(q)).toMatchObject({ q: "lamp", category: "kitchen", cursor: "abc", currency: "USD", locale: "ar" });
  });

  it("remembers the switcher's choice in cookies", async () => {
    const res = await call("/?locale=ja&currency=JPY", {}, () => page([]));
    const cookies = res.headers.getSetCookie().join("\n");
    expect(cookies).toContain("sf_locale=ja");
    expect(cookies).toContain("sf_currency=JPY");
  });

  it("says plainly that a listing is not sold in the buyer's country (451)", async () => {
    const res = await call("/p/lst_01JAAAAAAAAAAAAAAAAAAAAAAA?locale=de", {}, () => json({ status: 451, code: "not_sold_here", detail: "x", title: "t", type: "t" }, 451));
    expect(res.status).toBe(451);
    expect(await res.text()).toContain("In Ihrem Land nicht erhältlich");
  });

  it("serves a buyer from a country with no market the clean not-sold state, never sending the catalog a ?country it refuses", async () => {
    // The catalog as it answers an edge country with no market: an explicit ?country is a 400, without one nothing is sold there.
    const catalog: ApiStub = (req) => {
      const url = new URL(req.url);
      if (url.searchParams.has("country")) return json({ status: 400, code: "unknown_country", detail: "AT is not a market this platform sells in." }, 400);
      return url.pathname === "/v1/catalog/listings" ? page([]) : json({ status: 451, code: "not_sold_here", detail: "x" }, 451);
    };
    const at = { "x-ecp-country": "AT", "accept-language": "de-AT" };
    const home = call("/", { headers: at }, catalog);
    expect((await home).status).toBe(200);
    expect(await (await home).text()).toContain("Keine Treffer");
    const product = call("/p/lst_01JAAAAAAAAAAAAAAAAAAAAAAA", { headers: at }, catalog);
    expect((await product).status).toBe(451);
    expect(await (await product).text()).toContain("In Ihrem Land nicht erhältlich");
    expect((await call("/checkout/lst_01JAAAAAAAAAAAAAAAAAAAAAAA", { headers: at }, catalog)).status).toBe(451);
    for (const r of [...home.calls, ...product.calls]) expect(new URL(r.url).searchParams.has("country"), r.url).toBe(false);
  });

  it("shows a search the catalog refuses (too short, no words) with the search form and what to change, not the outage page", async () => {
    for (const [q, code] of [["TV", "query_too_short"], ["!!", "invalid_query"]] as const) {
      const res = await call(`/?q=${encodeURIComponent(q)}&locale=en`, {}, () => json({ status: 400, code, detail: "x", errors: [{ path: "query.q", message: "x" }] }, 400));
      const html = await res.text();
      expect(res.status, q).toBe(200);
      expect(html, q).toContain('role="search"');
      expect(html, q).toContain(`value="${q}"`);
      expect(html, q).toMatch(/id="refine"[^>]*>Search for at least one word of 3 or more letters\./);
      expect(html, q).toContain('aria-describedby="refine"');
      expect(html, q).not.toContain("cannot be reached");
    }
    // Any other refusal is still the outage page.
    expect((await call("/?q=lamp", {}, () => json({ status: 400, code: "invalid_cursor", detail: "x" }, 400))).status).toBe(400);
  });

  it("marks only the seller's words with the listing's language: the shop's own labels keep the page's", async () => {
    const en = listing({ locale: "en", title: "Desk lamp", brand: "Lumen", description: "Warm white", price: { amount: 1580, currency: "JPY", formatted: "￥1,580", taxIncluded: true } });
    const stub: ApiStub = (req) => (new URL(req.url).pathname === "/v1/catalog/listings" ? page([en]) : json(en));
    const product = await (await call("/p/lst_01JAAAAAAAAAAAAAAAAAAAAAAA?locale=ja", {}, stub)).text();
    expect(product).toContain('<html lang="ja"');
    expect(product).toContain('<h1 lang="en">Desk lamp</h1>');
    expect(product).toContain('<p lang="en">Warm white</p>');
    // Buy, the tax label and Ask the seller sit outside every lang="en" element.
    const article = product.slice(product.indexOf('<article class="two"'), product.indexOf("</article>"));
    expect(article.match(/lang="en"/g)).toHaveLength(3);
    expect(article).toContain('class="tax">税込');
    const grid = await (await call("/?locale=ja", {}, stub)).text();
    expect(grid).toMatch(/<article class="card" lang="ja"[^>]*>/);
    expect(grid).toContain('<h2 lang="en">');
  });

  it("gives the chat log a focusable scroller, announced only once a connect's replay is done", async () => {
    const room = { id: "live_01JAAAAAAAAAAAAAAAAAAAAAAA", kind: "live", title: "Show", createdAt: "x", latestSeq: 0 };
    const html = await (await call(`/live/${room.id}`, {}, (req) => (new URL(req.url).pathname.startsWith("/v1/chat/rooms/") ? json(room) : json({ items: [] })))).text();
    expect(html).toMatch(/<ol id="log" class="log" tabindex="0" aria-labelledby="chat-heading" aria-live="off"><\/ol>/);
  });

  it("shows an unreachable API as a page, not a stack trace", async () => {
    const res = await call("/", {}, () => {
      throw new Error("network down");
    });
    expect([500, 503]).toContain(res.status);
    expect(await res.text()).not.toContain("network down");
  });

  it("refuses a cross-site post before doing anything", async () => {
    const req = call("/checkout/lst_01JAAAAAAAAAAAAAAAAAAAAAAA", { method: "POST", headers: { origin: "https://evil.example" }, body: new URLSearchParams({ method: "ideal" }) });
    expect((await req).status).toBe(403);
    expect(req.calls).toHaveLength(0);
  });

  it("answers a form body that cannot be read with 400 on every form post, never a 500, and asks the API nothing", async () => {
    const cookie = `ecp_console=${await seal({ key: "sk_test_seller", tenantId: "ten_1", exp: Math.floor(Date.now() / 1000) + 600 }, env.SESSION_SECRET)}`;
    for (const path of ["/console/session", "/ask", "/checkout/lst_01JAAAAAAAAAAAAAAAAAAAAAAA", "/console/evidence", "/console/live"]) {
      for (const contentType of ["multipart/form-data; boundary=xyz", "multipart/form-data"]) {
        const req = call(path, { method: "POST", headers: { origin: "https://shop.example", cookie, "content-type": contentType }, body: "not a form" });
        const res = await req;
        expect(res.status, `${path} (${contentType})`).toBe(400);
        expect(await res.text()).not.toMatch(/went wrong/);
        expect(req.calls).toHaveLength(0);
      }
    }
    // An upload that is no form at all is an upload without a file: the API's answer, not a crash.
    const upload = await call("/console/evidence", { method: "POST", headers: { origin: "https://shop.example", cookie, "content-type": "application/json" }, body: "{}" });
    expect(upload.status).not.toBe(500);
  });

  it("describes a failover from the attempts", () => {
    const attempts = [
      { attemptNo: 1, provider: "stripe", status: "error", code: "provider_unavailable", outcome: "outage" },
      { attemptNo: 2, provider: "adyen", status: "captured", code: null, outcome: "success" },
    ];
    expect(failovers({ attempts } as never)).toEqual([{ from: "stripe", to: "adyen", why: "provider_unavailable" }]);
  });
});

describe("seller console sessions", () => {
  it("asks for a key, never puts one into the page, and keeps the session HttpOnly and SameSite=Strict", async () => {
    const signIn = await (await call("/console")).text();
    expect(signIn).toContain('name="key"');
    const res = await call(
      "/console/session",
      { method: "POST", headers: { origin: "https://shop.example", "content-type": "application/x-www-form-urlencoded" }, body: "key=sk_test_seller" },
      (req) => (new URL(req.url).pathname === "/v1/me" ? json({ tenantId: "ten_1", keyKind: "secret" }) : page([listing({ status: "held", holdReason: "ip_clearance" })])),
    );
    expect(res.status).toBe(303);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/Max-Age=28800/);
    expect(cookie).not.toContain("sk_test_seller");
    const value = cookie.split(";")[0]!;
    const listings = call("/console", { headers: { cookie: value } }, () => page([listing({ status: "held", holdReason: "ip_clearance" })]));
    const html = await (await listings).text();
    expect(html).toContain("ip_clearance");
    expect(html).not.toContain("sk_test_seller");
    expect(listings.calls[0]!.headers.get("authorization")).toBe("Bearer sk_test_seller");
  });

  it("refuses a publishable key at sign-in and shows why beside the field", async () => {
    const res = await call("/console/session", { method: "POST", headers: { origin: "https://shop.example", "content-type": "application/x-www-form-urlencoded" }, body: "key=pk_test_demo" });
    expect(res.status).toBe(401);
    expect(await res.text()).toMatch(/id="key-error" role="alert">Enter a secret key/);
  });

  it("sends a tampered or missing session back to sign-in with a clear message", async () => {
    for (const cookie of ["ecp_console=tampered", ""]) {
      const res = await call("/console/listings/new", { headers: { cookie } });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toMatch(/^\/console\?m=(invalid|expired)$/);
    }
    expect(await (await call("/console?m=expired")).text()).toContain("Your session expired");
  });

  it("deletes only a session cookie that was sent and failed: a request without one (a link from another site) leaves the seller's session alone", async () => {
    const none = await call("/console/ip", { headers: { "sec-fetch-site": "cross-site" } });
    expect(none.status).toBe(303);
    expect(none.headers.get("location")).toBe("/console?m=expired");
    expect(none.headers.getSetCookie()).toEqual([]);
    const tampered = await call("/console/ip", { headers: { cookie: "ecp_console=tampered" } });
    expect(tampered.headers.get("location")).toBe("/console?m=invalid");
    expect(tampered.headers.getSetCookie().join("\n")).toMatch(/ecp_console=;.*Max-Age=0/i);
  });

  it("answers a console page for a malformed id with 404, as for an unknown one, not 503", async () => {
    const { signedIn } = await import("./helpers");
    const refuses: ApiStub = () => json({ status: 400, code: "invalid_request", detail: "bad id" }, 400);
    for (const path of ["/console/listings/foo", "/console/evidence/foo", "/console/chat/card/foo"]) {
      expect((await call(path, { headers: await signedIn() }, refuses)).status, path).toBe(404);
    }
  });
});
