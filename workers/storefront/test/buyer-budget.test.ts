import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { forgetRooms } from "../src/chat/room-cache";
import { forgetKeyReports } from "../src/key-budget";
import { call, json, limiter, listing, SAME, type ApiStub } from "./helpers";

const LISTING = "lst_01JAAAAAAAAAAAAAAAAAAAAAAA";
const INTENT = "pi_01JAAAAAAAAAAAAAAAAAAAAAAA";
const room = { id: "live_01JAAAAAAAAAAAAAAAAAAAAAAA", tenantId: "t", kind: "live", title: "Live", createdAt: "2026-01-01T00:00:00Z", latestSeq: 0 };
const intent = { id: INTENT, status: "requires_confirmation", amount: 10948, currency: "EUR", formattedAmount: "109,48 €", method: "ideal", attempts: [] };

/** The platform as the buyer pages see it: a live room, a listing, tokens, payments and direct rooms. */
const platform: ApiStub = (req) => {
  const path = new URL(req.url).pathname;
  if (path === "/v1/chat/tokens") return json({ token: "tok" }, 201);
  if (path === `/v1/chat/rooms/${room.id}`) return json(room);
  if (path === "/v1/chat/rooms") return json({ ...room, id: "dm_01JAAAAAAAAAAAAAAAAAAAAAAA", kind: "direct" }, 201);
  if (path.startsWith("/v1/catalog/listings/")) return json(listing());
  if (path === "/v1/catalog/listings") return json({ items: [listing()], nextCursor: null });
  if (path === "/v1/media/nearest") return json({ items: [] });
  if (path === "/v1/payments/methods") return json({ items: [], country: "DE" });
  if (path === "/v1/payments/intents") return json(intent, 201);
  if (path.startsWith(`/v1/payments/intents/${INTENT}`)) return json({ ...intent, status: "succeeded" });
  return json({}, 404);
};
const from = (ip: string, accept = "application/json") => ({ method: "POST", headers: { "cf-connecting-ip": ip, accept, origin: "https://shop.example" } });
const secretCalls = (calls: Request[]) => calls.filter((r) => r.headers.get("authorization") === `Bearer ${env.STOREFRONT_SECRET_KEY}`).length;

beforeEach(() => {
  forgetRooms();
  forgetKeyReports();
});

describe("a visitor's budget for the tenant's secret key", () => {
  it("stops one address at its budget before the call, and leaves other addresses alone", async () => {
    const { binding, keys } = limiter(2);
    const token = (ip: string, accept?: string) => call(`/chat/token?room=${room.id}`, from(ip, accept), platform, { BUYER_LIMIT: binding });
    expect((await token("203.0.113.7")).status).toBe(200); // reads the room, mints: 2 units

    const over = token("203.0.113.7");
    const res = await over;
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ status: 429, code: "rate_limited" });
    expect(over.calls).toHaveLength(0); // the room came from the isolate's memory; the token was refused before its call

    const page = await token("203.0.113.7", "text/html");
    expect(page.status).toBe(429);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(0);

    expect((await token("198.51.100.4")).status).toBe(200);
    expect(keys).toEqual(["203.0.113.7", "203.0.113.7", "203.0.113.7", "203.0.113.7", "198.51.100.4"]);
  });

  it("costs one unit per secret-key call a page makes, and none for publishable-key calls", async () => {
    const spends = async (path: string, init: RequestInit) => {
      const { binding, keys } = limiter(100);
      const req = call(path, init, platform, { BUYER_LIMIT: binding });
      await req;
      expect(keys.length, path).toBe(secretCalls(req.calls));
      return keys.length;
    };
    const get = { headers: { "cf-connecting-ip": "203.0.113.7" } };
    const form = (body: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(body), headers: { ...SAME, "cf-connecting-ip": "203.0.113.7", "content-type": "application/x-www-form-urlencoded" } });
    // Cold: the room is read (1) and a token minted (1). Warm: the room's kind is remembered, only the token.
    expect(await spends(`/chat/token?room=${room.id}`, from("203.0.113.7"))).toBe(2);
    expect(await spends(`/chat/token?room=${room.id}`, from("203.0.113.7"))).toBe(1);
    expect(await spends(`/live/${room.id}`, get)).toBe(0);
    forgetRooms();
    expect(await spends(`/live/${room.id}`, get)).toBe(1);
    expect(await spends("/ask", form({ listing: LISTING }))).toBe(1);
    expect(await spends(`/checkout/${LISTING}`, form({ idempotencyKey: `checkout_${crypto.randomUUID()}`, method: "ideal", amount: "10948", currency: "EUR" }))).toBe(2);
    expect(await spends(`/checkout/${LISTING}/done?intent=${INTENT}&sig=x`, get)).toBe(0); // a bad signature calls nothing
    // Publishable-key pages are counted per visitor at the gateway already.
    expect(await spends("/", get)).toBe(0);
    expect(await spends(`/p/${LISTING}`, get)).toBe(0);
  });

  it("is bound by the Worker's own wrangler.toml (what a deploy binds), and passes requests where a runtime has none", async () => {
    expect(typeof env.BUYER_LIMIT.limit).toBe("function");
    const res = await call(`/chat/token?room=${room.id}`, from("203.0.113.7"), platform, { BUYER_LIMIT: undefined });
    expect(res.status).toBe(200);
  });
});

describe("the platform refusing the storefront's key (429)", () => {
  /** The platform answering every call with the gateway's 429 for the key's budget. */
  const refused: ApiStub = () => json({ status: 429, code: "rate_limited", detail: "This key has used its request budget." }, 429, { "retry-after": "7" });

  it("is a 503 with the platform's Retry-After on every buyer page, never a missing room, product or failed payment", async () => {
    const html = { accept: "text/html" };
    const post = (body: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(body), headers: { ...SAME, ...html, "content-type": "application/x-www-form-urlencoded" } });
    for (const [path, init] of [
      [`/live/${room.id}`, { headers: html }],
      [`/ask/${room.id}`, { headers: html }],
      ["/", { headers: html }],
      [`/p/${LISTING}`, { headers: html }],
      ["/ask", post({ listing: LISTING })],
      [`/checkout/${LISTING}`, post({ idempotencyKey: `checkout_${crypto.randomUUID()}`, method: "ideal", amount: "10948", currency: "EUR" })],
    ] as const) {
      const res = await call(path, init, refused);
      expect(res.status, path).toBe(503);
      expect(res.headers.get("retry-after"), path).toBe("7");
      const text = await res.text();
      expect(text, path).toContain("The shop cannot be reached right now");
      expect(text, path).not.toMatch(/does not exist|Not paid|used its request budget/);
    }
    const token = await call(`/chat/token?room=${room.id}`, { method: "POST", headers: SAME }, refused);
    expect(token.status).toBe(503);
    expect(token.headers.get("retry-after")).toBe("7");
    expect(await token.json()).toMatchObject({ status: 503, code: "unavailable" });
  });

  it("tells the operator, once a minute, that the tenant's key is out of budget (a plan too small for its buyers)", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const reports = () => logged.mock.calls.map(([line]) => String(line)).filter((line) => line.includes("tenant_key_rate_limited"));
      // A publishable-key page refused is that visitor's own share at the gateway: nothing to tell.
      await call("/", { headers: { accept: "text/html" } }, refused);
      expect(reports()).toHaveLength(0);
      for (let i = 0; i < 3; i++) expect((await call(`/chat/token?room=${room.id}`, { method: "POST", headers: SAME }, refused)).status).toBe(503);
      expect(reports()).toHaveLength(1);
      expect(JSON.parse(reports()[0]!)).toMatchObject({ service: "storefront", event: "tenant_key_rate_limited", retryAfter: 7, detail: "This key has used its request budget." });
      expect(reports()[0]).toContain("high plan");
      // No key in the log line.
      expect(reports()[0]).not.toContain(env.STOREFRONT_SECRET_KEY);
    } finally {
      logged.mockRestore();
    }
  });

  it("shows a room the platform cannot read now (5xx) as unavailable (503), not as a missing room", async () => {
    const down: ApiStub = () => json({ status: 500, code: "internal", detail: "x" }, 500);
    const live = await call(`/live/${room.id}`, { headers: { accept: "text/html" } }, down);
    expect(live.status).toBe(503);
    expect(await live.text()).not.toContain("does not exist");
  });
});
