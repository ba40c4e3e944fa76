import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { forgetRooms } from "../src/chat/room-cache";
import { call, json, limiter, listing, SAME, signedIn, type ApiStub } from "./helpers";

const LISTING = "lst_01JAAAAAAAAAAAAAAAAAAAAAAA";
const INTENT = "pi_01JAAAAAAAAAAAAAAAAAAAAAAA";
const intent = { id: INTENT, status: "requires_confirmation", amount: 10948, currency: "EUR", formattedAmount: "109,48 €", method: "ideal", attempts: [] };

/** The platform as the creating pages meet it: a listing, new direct rooms, new intents. */
const platform: ApiStub = (req) => {
  const path = new URL(req.url).pathname;
  if (path.startsWith("/v1/catalog/listings/")) return json(listing());
  if (path === "/v1/chat/rooms" && req.method === "POST") return json({ id: "room_01JAAAAAAAAAAAAAAAAAAAAAAA", kind: "direct", title: null, createdAt: "x", latestSeq: 0 }, 201);
  if (path === "/v1/payments/intents") return json(intent, 201);
  if (path.startsWith(`/v1/payments/intents/${INTENT}`)) return json({ ...intent, status: "succeeded" });
  return json({}, 404);
};

const posted = (ip: string, body: Record<string, string>) => ({
  method: "POST",
  headers: { ...SAME, accept: "text/html", "cf-connecting-ip": ip, "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(body),
});
const creates = (calls: Request[]) => calls.filter((r) => r.method === "POST" && ["/v1/chat/rooms", "/v1/payments/intents"].includes(new URL(r.url).pathname)).length;

beforeEach(() => forgetRooms());

describe("an anonymous visitor's creations (chat rooms, payment intents)", () => {
  it.each([
    { what: "asking the seller", path: "/ask", form: () => ({ listing: LISTING }) },
    { what: "paying", path: `/checkout/${LISTING}`, form: () => ({ idempotencyKey: `checkout_${crypto.randomUUID()}`, method: "ideal", amount: "10948", currency: "EUR" }) },
  ])("are limited per IPv6 /48 when $what: a fresh /64, cookie or form key buys no fresh budget", async ({ path, form }) => {
    const { binding, keys } = limiter(1);
    const first = call(path, posted("2001:db8:5:1::7", form()), platform, { CREATE_LIMIT: binding });
    expect((await first).status).toBe(303);
    expect(creates(first.calls)).toBe(1);
    const next = call(path, posted("2001:db8:5:ffff::9", form()), platform, { CREATE_LIMIT: binding });
    const res = await next;
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(creates(next.calls)).toBe(0);
    expect(keys).toEqual(["2001:db8:5::/48", "2001:db8:5::/48"]);
    // Another /48 has its own.
    expect((await call(path, posted("2001:db8:6::1", form()), platform, { CREATE_LIMIT: binding })).status).toBe(303);
  });

  it("is bound by the Worker's own wrangler.toml", () => {
    expect(typeof env.CREATE_LIMIT.limit).toBe("function");
  });
});

describe("ids in storefront paths", () => {
  it.each([
    ["POST", "/checkout/a%0Db"],
    ["POST", "/checkout/x"],
    ["GET", "/checkout/a%0Db"],
    ["GET", "/p/a%0D%0Ab"],
    ["GET", "/chat/card/nope"],
    ["GET", "/live/live_x%0D"],
    ["GET", "/ask/room_x"],
    ["POST", "/chat/token?room=a%0Db"],
  ])("%s %s: not an id, a 404 before any platform call", async (method, path) => {
    const req = call(path, method === "POST" ? { ...posted("203.0.113.9", { method: "ideal" }), headers: { ...SAME, accept: "text/html", "content-type": "application/x-www-form-urlencoded" } } : { headers: { accept: "text/html" } }, platform);
    const res = await req;
    expect(res.status).toBe(404);
    expect(req.calls).toHaveLength(0);
  });

  it.each([
    ["POST", "/console/listings/a%0Db"],
    ["GET", "/console/listings/a%0Db"],
    ["GET", "/console/live/live_x"],
    ["GET", "/console/ask/room_x%0D"],
  ])("console %s %s: not an id, a 404 before any platform call", async (method, path) => {
    const headers = { ...SAME, ...(await signedIn({ accept: "text/html" })), "content-type": "application/x-www-form-urlencoded" };
    const req = call(path, { method, headers, ...(method === "POST" ? { body: "brand=x" } : {}) }, platform);
    expect((await req).status).toBe(404);
    expect(req.calls).toHaveLength(0);
  });
});

describe("the console's calendar feed form", () => {
  /** The IP API as the page meets it: no rights, no deadlines, and feeds made under an Idempotency-Key. */
  function ipApi() {
    const made: (string | null)[] = [];
    const api: ApiStub = (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/v1/ip/assets" || path === "/v1/ip/deadlines") return json({ items: [], nextCursor: null });
      if (path === "/v1/ip/deadlines/feeds" && req.method === "POST") {
        made.push(req.headers.get("idempotency-key"));
        return json({ id: "fdt_01JAAAAAAAAAAAAAAAAAAAAAAA", label: null, createdAt: "x", expiresAt: "2027-01-01T00:00:00Z", revokedAt: null, url: "/v1/ip/deadlines.ics?token=tok", token: "tok" }, 201);
      }
      return json({}, 404);
    };
    return { api, made };
  }

  it("sends the rendered form's Idempotency-Key, and answers with a redirect so a reload mints nothing", async () => {
    const { api, made } = ipApi();
    const page = await (await call("/console/ip", { headers: await signedIn() }, api)).text();
    const key = /name="idempotencyKey" value="(feed_[0-9a-f-]{36})"/.exec(page)?.[1];
    expect(key).toBeTruthy();

    const post = await call("/console/ip/feeds", { method: "POST", headers: { ...SAME, ...(await signedIn()), "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ idempotencyKey: key!, label: "" }) }, api);
    expect(post.status).toBe(303);
    expect(post.headers.get("location")).toBe("/console/ip");
    expect(made).toEqual([key]);
    const flash = post.headers.getSetCookie().find((c) => c.startsWith("ecp_feed="))!;
    expect(flash).toMatch(/HttpOnly/i);
    expect(flash).not.toContain("tok");

    // The page it sends the seller to shows the URL once, and drops the cookie.
    const cookie = `${(await signedIn()).cookie}; ${flash.split(";")[0]}`;
    const shown = await call("/console/ip", { headers: { cookie } }, api);
    expect(await shown.text()).toContain("/v1/ip/deadlines.ics?token=tok");
    expect(shown.headers.getSetCookie().some((c) => /^ecp_feed=;/.test(c) && /Max-Age=0/i.test(c))).toBe(true);

    // Reloading it (the browser no longer has the cookie) shows nothing new and makes nothing.
    const reloaded = await call("/console/ip", { headers: await signedIn() }, api);
    expect(await reloaded.text()).not.toContain("deadlines.ics?token=");
    expect(made).toHaveLength(1);
  });

  it("shows another tenant's sealed feed to no one", async () => {
    const { api } = ipApi();
    const post = await call("/console/ip/feeds", { method: "POST", headers: { ...SAME, ...(await signedIn()), "content-type": "application/x-www-form-urlencoded" }, body: "label=" }, api);
    const flash = post.headers.getSetCookie().find((c) => c.startsWith("ecp_feed="))!.split(";")[0]!;
    const { seal } = await import("../src/session");
    const other = `ecp_console=${await seal({ key: "sk_test_other", tenantId: "ten_2", exp: Math.floor(Date.now() / 1000) + 600 }, env.SESSION_SECRET)}`;
    expect(await (await call("/console/ip", { headers: { cookie: `${other}; ${flash}` } }, api)).text()).not.toContain("token=tok");
  });
});
