import { describe, expect, it } from "vitest";
import { requestFingerprint } from "../../../shared/idempotency/fingerprint";
import { consoleUi, pickConsoleLocale } from "../src/i18n/console";
import { en } from "../src/i18n/console/en";
import { zhHans } from "../src/i18n/console/zh-Hans";
import { call, json, listing, SAME, signedIn } from "./helpers";

const LIVE = "live_01JAAAAAAAAAAAAAAAAAAAAAAA";

describe("the console's language", () => {
  it("matches Accept-Language with the locale matcher, a saved choice first, English otherwise", () => {
    expect(pickConsoleLocale(null, "zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-Hans");
    expect(pickConsoleLocale(null, "zh-SG")).toBe("zh-Hans");
    expect(pickConsoleLocale(null, "de-DE,en;q=0.5")).toBe("en");
    expect(pickConsoleLocale(null, "fr-FR")).toBe("en");
    expect(pickConsoleLocale("en", "zh-CN")).toBe("en");
    expect(pickConsoleLocale("zh-Hans", "en-US")).toBe("zh-Hans");
    expect(pickConsoleLocale("xx-bogus", "zh-CN")).toBe("zh-Hans");
  });

  it("has one catalog per language with the same keys and every placeholder kept", () => {
    expect(Object.keys(zhHans).sort()).toEqual(Object.keys(en).sort());
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(holes(zhHans[key]), key).toEqual(holes(en[key]));
  });

  it("writes dates with Intl in the seller's language, calendar dates without shifting a day", () => {
    expect(consoleUi("zh-Hans").date("2026-12-10")).toBe("2026年12月10日");
    expect(consoleUi("en").date("2026-12-10")).toBe("Dec 10, 2026");
    expect(consoleUi("zh-Hans").dateTime("2026-11-26T18:05:00.000Z")).toBe("2026年11月26日 18:05 UTC");
    expect(consoleUi("zh-Hans").word("stage_", "warning_letter")).toBe("警告函");
    expect(consoleUi("en").word("stage_", "something_new")).toBe("something new");
  });

  it("renders sign-in in Chinese for a zh-CN browser, and the switcher remembers English and goes back", async () => {
    const zh = await (await call("/console", { headers: { "accept-language": "zh-CN,zh;q=0.9" } })).text();
    expect(zh).toContain('<html lang="zh-Hans" dir="ltr">');
    expect(zh).toContain("<h1>登录</h1>");
    const sw = await call("/console/lang?locale=en", { headers: { referer: "https://shop.example/console/ip/cases?stage=evidence" } });
    expect(sw.status).toBe(303);
    expect(sw.headers.get("location")).toBe("/console/ip/cases?stage=evidence");
    expect(sw.headers.getSetCookie().join()).toMatch(/ecp_console_lang=en;.*Path=\/console/);
    const back = await (await call("/console", { headers: { "accept-language": "zh-CN", cookie: "ecp_console_lang=en" } })).text();
    expect(back).toContain('<html lang="en"');
    // Another site, a path that leaves, and a Referer that is no URL at all (a 500 before): back to /console.
    for (const referer of ["https://evil.example/console", "https://shop.example//evil.example/x", "http://["]) {
      const res = await call("/console/lang?locale=zh-Hans", { headers: { referer } });
      expect(res.status, referer).toBe(303);
      expect(res.headers.get("location")).toBe("/console");
    }
  });
});

describe("console lists (API stubbed)", () => {
  it("lists cases with stage and next deadline in Chinese, passing the filter and cursor through to the API", async () => {
    const api = (req: Request) =>
      new URL(req.url).pathname === "/v1/ip/cases"
        ? json({ items: [{ id: "case_01JAAAAAAAAAAAAAAAAAAAAAAA", stage: "warning_letter", assetId: "ipa_1", infringer: { name: "仿冒店" }, evidenceIds: [], nextDueAt: "2026-12-10", createdAt: "2026-11-20T09:00:00Z", updatedAt: "2026-11-20T09:00:00Z" }], nextCursor: "abc" })
        : json({}, 404);
    const req = call("/console/ip/cases?stage=warning_letter", { headers: await signedIn({ "accept-language": "zh-CN" }) }, api);
    const html = await (await req).text();
    const asked = new URL(req.calls[0]!.url);
    expect(asked.searchParams.get("stage")).toBe("warning_letter");
    expect(req.calls[0]!.headers.get("authorization")).toBe("Bearer sk_test_seller");
    expect(html).toContain('href="/console/ip/cases/case_01JAAAAAAAAAAAAAAAAAAAAAAA"');
    expect(html).toContain("<td>警告函</td>");
    expect(html).toContain('<time datetime="2026-12-10">2026年12月10日</time>');
    expect(html).toContain('href="/console/ip/cases?stage=warning_letter&amp;cursor=abc"');
  });

  it("shows the API's problem when a forged cursor is refused, never a 500", async () => {
    const api = () => json({ type: "urn:ecp:problem:invalid_cursor", title: "Bad Request", status: 400, code: "invalid_cursor", detail: "The cursor is not one this API issued.", errors: [{ path: "query.cursor", message: "not a valid cursor" }] }, 400);
    const res = await call("/console/ip/complaints?cursor=forged", { headers: await signedIn() }, api);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("The cursor is not one this API issued.");
  });
});

describe("pinning without JavaScript", () => {
  const roomApi = (publish: (body: unknown) => Response) => async (req: Request) => {
    const path = new URL(req.url).pathname;
    if (path === `/v1/chat/rooms/${LIVE}`) return json({ id: LIVE, kind: "live", title: "Spring show", createdAt: "2026-01-01T00:00:00Z", latestSeq: 0 });
    if (path === `/v1/chat/rooms/${LIVE}/messages` && req.method === "POST") return publish(await req.json());
    if (path === "/v1/catalog/listings") return json({ items: [listing({ status: "active" })], nextCursor: null });
    return json({}, 404);
  };

  it("renders the host's pin form as a plain POST form with a fresh clientMsgId", async () => {
    const html = await (await call(`/console/live/${LIVE}`, { headers: await signedIn() }, roomApi(() => json({}, 500)))).text();
    expect(html).toMatch(new RegExp(`<form id="pin-form" method="post" action="/console/live/${LIVE}/pin">`));
    expect(html).toMatch(/name="clientMsgId" value="pin-[0-9a-f-]{36}"/);
  });

  it("publishes the product as the host with the form's clientMsgId and redirects back saying so", async () => {
    let sent: unknown;
    const req = call(`/console/live/${LIVE}/pin`, { method: "POST", headers: { ...SAME, ...(await signedIn()), "content-type": "application/x-www-form-urlencoded" }, body: `listing=lst_01JAAAAAAAAAAAAAAAAAAAAAAA&note=Today&clientMsgId=pin-1` }, roomApi((b) => ((sent = b), json({ seq: 7, duplicate: false }, 201))));
    const res = await req;
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/console/live/${LIVE}?pinned=7`);
    expect(sent).toEqual({ userId: "seller", role: "host", clientMsgId: "pin-1", body: { kind: "product", listingId: "lst_01JAAAAAAAAAAAAAAAAAAAAAAA", note: "Today" } });
  });

  it("shows the API's problem beside the listing field and keeps the note typed", async () => {
    const refused = () => json({ type: "urn:ecp:problem:validation_failed", title: "Bad Request", status: 400, code: "validation_failed", detail: "The request body is invalid.", errors: [{ path: "body.listingId", message: "must be a listing id (lst_…)" }] }, 400);
    const res = await call(`/console/live/${LIVE}/pin`, { method: "POST", headers: { ...SAME, ...(await signedIn()), "content-type": "application/x-www-form-urlencoded" }, body: "listing=nope&note=Kept&clientMsgId=pin-2" }, roomApi(refused));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<p class="error" id="pin-listing-error" role="alert">must be a listing id \(lst_…\)<\/p>/);
    expect(html).toContain('value="Kept"');
  });

  it("refuses a pin posted from another site before anything is published", async () => {
    const req = call(`/console/live/${LIVE}/pin`, { method: "POST", headers: { origin: "https://evil.example", ...(await signedIn()), "content-type": "application/x-www-form-urlencoded" }, body: "listing=lst_01JAAAAAAAAAAAAAAAAAAAAAAA" }, roomApi(() => json({ seq: 1, duplicate: false }, 201)));
    expect((await req).status).toBe(403);
    expect(req.calls).toHaveLength(0);
  });
});

describe("starting a live room", () => {
  const start = async (body: string) => {
    const req = call("/console/live", { method: "POST", headers: { ...SAME, ...(await signedIn()), "content-type": "application/x-www-form-urlencoded" }, body }, () => json({ id: LIVE, kind: "live" }, 201));
    const res = await req;
    expect(res.status).toBe(303);
    expect(req.calls).toHaveLength(1);
    return req.calls[0]!.headers.get("idempotency-key");
  };

  it("sends the rendered form's Idempotency-Key, so a double submit opens one room", async () => {
    const html = await (await call("/console/chat", { headers: await signedIn() }, () => json({ items: [], nextCursor: null }))).text();
    const key = /name="idempotencyKey" value="(live_[0-9a-f-]{36})"/.exec(html)?.[1];
    expect(key).toBeDefined();
    expect(await start(`title=Spring&idempotencyKey=${key}`)).toBe(key);
    expect(await start(`title=Spring&idempotencyKey=${key}`)).toBe(key);
  });

  it("makes its own key for a form without one (or with one of another shape), never sending what the form said", async () => {
    const none = await start("title=Spring");
    const forged = await start("title=Spring&idempotencyKey=checkout_00000000-0000-0000-0000-000000000000");
    for (const key of [none, forged]) expect(key).toMatch(/^live_[0-9a-f-]{36}$/);
    expect(none).not.toBe(forged);
  });
});

describe("adding evidence", () => {
  /**
   * The IP service as far as this form meets it: an append-only ledger behind the Idempotency-Key semantics of
   * shared/idempotency (the same key and request fingerprint replay the first answer, another request is a 409).
   */
  const ledgerApi = () => {
    const ledger: string[] = [];
    const keys = new Map<string, { fingerprint: string; id: string }>();
    const api = async (req: Request) => {
      if (req.method === "GET") return json({ items: [], nextCursor: null });
      const fingerprint = await requestFingerprint(req.method, req.url, req.headers.get("content-type") ?? undefined, new Uint8Array(await req.arrayBuffer()));
      const key = req.headers.get("idempotency-key");
      const prior = key === null ? undefined : keys.get(key);
      if (prior && prior.fingerprint !== fingerprint) return json({ status: 409, code: "idempotency_key_reused", detail: "reused" }, 409);
      if (prior) return json({ id: prior.id }, 201, { "idempotent-replayed": "true" });
      const id = `evd_01JAAAAAAAAAAAAAAAAAAAAAA${ledger.length}`;
      ledger.push(id);
      if (key !== null) keys.set(key, { fingerprint, id });
      return json({ id }, 201);
    };
    return { ledger, api };
  };

  const submit = async (api: (req: Request) => Promise<Response>, fields: Record<string, string>) => {
    const form = new FormData();
    form.set("file", new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], "shot.png", { type: "image/png" }));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const req = call("/console/evidence", { method: "POST", headers: { ...SAME, ...(await signedIn()) }, body: form }, api);
    const res = await req;
    expect(res.status).toBe(303);
    expect(req.calls).toHaveLength(1);
    return { location: res.headers.get("location"), sent: req.calls[0]! };
  };

  it("sends the rendered form's Idempotency-Key, so a double submit makes one ledger entry and one receipt", async () => {
    const { ledger, api } = ledgerApi();
    const html = await (await call("/console/evidence", { headers: await signedIn() }, api)).text();
    const key = /name="idempotencyKey" value="(evidence_[0-9a-f-]{36})"/.exec(html)?.[1];
    expect(key).toBeDefined();
    const first = await submit(api, { title: "Listing", idempotencyKey: key! });
    const second = await submit(api, { title: "Listing", idempotencyKey: key! });
    for (const s of [first, second]) expect(s.sent.headers.get("idempotency-key")).toBe(key);
    // Each forward is a fresh multipart encoding: the boundaries differ, the fingerprint does not.
    expect(first.sent.headers.get("content-type")).not.toBe(second.sent.headers.get("content-type"));
    expect(ledger).toHaveLength(1);
    expect(first.location).toBe(`/console/evidence/${ledger[0]}`);
    expect(second.location).toBe(first.location);
  });

  it("makes its own key for a form without one (or with one of another shape), never sending what the form said", async () => {
    const { ledger, api } = ledgerApi();
    const none = await submit(api, { title: "Listing" });
    const forged = await submit(api, { title: "Listing", idempotencyKey: "live_00000000-0000-0000-0000-000000000000" });
    const keys = [none, forged].map((s) => s.sent.headers.get("idempotency-key"));
    for (const key of keys) expect(key).toMatch(/^evidence_[0-9a-f-]{36}$/);
    expect(keys[0]).not.toBe(keys[1]);
    expect(ledger).toHaveLength(2);
  });
});

describe("creating a listing", () => {
  /** The catalog as the form meets it: SKUs are unique (409 duplicate_sku), and an Idempotency-Key replays the first create. */
  const catalogApi = () => {
    const listings = new Map<string, ReturnType<typeof listing>>();
    const keys = new Map<string, string>();
    const api = async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (req.method === "GET") return json([...listings.values()].find((l) => path.endsWith(l.id)) ?? {}, listings.size ? 200 : 404);
      const body = (await req.json()) as { sku: string };
      const key = req.headers.get("idempotency-key");
      const replayed = key === null ? undefined : keys.get(key);
      if (replayed) return json({ id: replayed, clearance: { status: "clear", findings: [] } }, 201, { "idempotent-replayed": "true" });
      if ([...listings.values()].some((l) => l.sku === body.sku)) {
        return json({ status: 409, code: "duplicate_sku", detail: `A listing with SKU ${body.sku} already exists.`, errors: [{ path: "sku", message: "already exists" }] }, 409);
      }
      const made = listing({ id: `lst_01JAAAAAAAAAAAAAAAAAAAAAA${listings.size}`, sku: body.sku, status: "active" });
      listings.set(made.id, made);
      if (key !== null) keys.set(key, made.id);
      return json({ id: made.id, clearance: { status: "clear", findings: [] } }, 201);
    };
    return { listings, api };
  };

  const create = async (api: (req: Request) => Promise<Response>, fields: Record<string, string>) => {
    const body = new URLSearchParams({ sku: "LAMP-1", brand: "Lumen", title: "Desk lamp", price: "19.99", currency: "EUR", ...fields });
    const req = call("/console/listings", { method: "POST", headers: { ...SAME, ...(await signedIn()), "content-type": "application/x-www-form-urlencoded" }, body }, api);
    const res = await req;
    return { status: res.status, html: await res.text(), sent: req.calls.find((r) => r.method === "POST")! };
  };

  it("writes a new listing in the console's language by default, and sends the language chosen as its default locale", async () => {
    const form = await (await call("/console/listings/new", { headers: await signedIn({ "accept-language": "zh-CN,zh;q=0.9" }) })).text();
    expect(form).toMatch(/<option value="zh-Hans" selected="" lang="zh-Hans">/);
    expect((await (await call("/console/listings/new", { headers: await signedIn() })).text())).toMatch(/<option value="en" selected="" lang="en">/);
    const { api } = catalogApi();
    const sent = (await create(api, { language: "zh-Hans", title: "台灯" })).sent;
    expect(await sent.json()).toMatchObject({ defaultLocale: "zh-Hans", translations: { "zh-Hans": { title: "台灯" } } });
    const unknown = (await create(api, { sku: "LAMP-2", language: "xx" })).sent;
    expect(await unknown.json()).toMatchObject({ defaultLocale: "en", translations: { en: { title: "Desk lamp" } } });
  });

  it("sends the rendered form's Idempotency-Key, so a double submit or a resubmitted form shows the listing it created", async () => {
    const { listings, api } = catalogApi();
    const form = await (await call("/console/listings/new", { headers: await signedIn() })).text();
    const key = /name="idempotencyKey" value="(listing_[0-9a-f-]{36})"/.exec(form)?.[1];
    expect(key).toBeDefined();
    const first = await create(api, { idempotencyKey: key! });
    const second = await create(api, { idempotencyKey: key! });
    for (const r of [first, second]) {
      expect(r.sent.headers.get("idempotency-key")).toBe(key);
      expect(r.status).toBe(201);
      expect(r.html).toContain("Edit LAMP-1");
      expect(r.html).not.toContain("already exists");
    }
    expect(listings.size).toBe(1);
    // A refused form is shown again with a fresh key: the corrected submit is a new request.
    const refused = await create(api, { idempotencyKey: `listing_${crypto.randomUUID()}` });
    expect(refused.html).toContain("already exists");
    expect(/name="idempotencyKey" value="(listing_[0-9a-f-]{36})"/.exec(refused.html)?.[1]).not.toBe(key);
  });
});

describe("editing a listing", () => {
  const ID = "lst_01JAAAAAAAAAAAAAAAAAAAAAAA";
  /** The catalog with the listing at version 4; a PATCH naming another version is refused as the catalog does (412). */
  const catalogApi = (at = 4) => {
    const patches: Request[] = [];
    const api = async (req: Request) => {
      if (req.method === "GET") return json(listing({ id: ID, locale: "en", title: "Desk lamp", status: "active", version: at }));
      patches.push(req);
      const match = req.headers.get("if-match");
      if (match && match !== `"lv${at}"`) return json({ status: 412, code: "precondition_failed", detail: `The listing is at version ${at}.` }, 412);
      return json(listing({ id: ID, version: at + 1 }));
    };
    return { api, patches };
  };
  const save = async (api: (req: Request) => Promise<Response>, fields: Record<string, string>) => {
    const body = new URLSearchParams({ sku: "SKU-1", brand: "Lumen", title: "Desk lamp, walnut", ...fields });
    const res = await call(`/console/listings/${ID}`, { method: "POST", headers: { ...SAME, ...(await signedIn()), "content-type": "application/x-www-form-urlencoded" }, body }, api);
    return { status: res.status, html: await res.text() };
  };

  it("saves with If-Match for the version the form showed, and shows a listing changed since again with what was typed kept", async () => {
    const { api, patches } = catalogApi();
    const form = await (await call(`/console/listings/${ID}`, { headers: await signedIn() }, api)).text();
    expect(form).toContain('<input type="hidden" name="version" value="4"/>');
    expect((await save(api, { version: "4" })).status).toBe(200);
    expect(patches[0]!.headers.get("if-match")).toBe('"lv4"');

    const stale = await save(catalogApi(5).api, { version: "4" });
    expect(stale.status).toBe(412);
    expect(stale.html).toContain("This listing was changed since you opened it");
    expect(stale.html).toContain('value="Desk lamp, walnut"');
    expect(stale.html).toContain('<input type="hidden" name="version" value="5"/>'); // saving again now means it
  });
});
