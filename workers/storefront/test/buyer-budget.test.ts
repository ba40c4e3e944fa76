import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, json } from "./helpers";

/** A BUYER_LIMIT that allows `allow` requests per key and records every key it was asked about. */
function limiter(allow: number) {
  const spent = new Map<string, number>();
  const keys: string[] = [];
  const binding = {
    async limit({ key }: { key: string }) {
      keys.push(key);
      spent.set(key, (spent.get(key) ?? 0) + 1);
      return { success: spent.get(key)! <= allow };
    },
  } as unknown as RateLimit;
  return { binding, keys };
}

const room = { id: "room_01JAAAAAAAAAAAAAAAAAAAAAAA", tenantId: "t", kind: "live", title: "Live" };
const api = (req: Request) => (new URL(req.url).pathname.endsWith("/tokens") ? json({ token: "tok" }, 201) : json(room));
const from = (ip: string, accept = "application/json") => ({ method: "POST", headers: { "cf-connecting-ip": ip, accept, origin: "https://shop.example" } });

describe("a visitor's budget for the pages that spend the tenant's secret key", () => {
  it("stops one address at its budget before any API call, and leaves other addresses alone", async () => {
    const { binding, keys } = limiter(2);
    const token = (ip: string, accept?: string) => call(`/chat/token?room=${room.id}`, from(ip, accept), api, { BUYER_LIMIT: binding });
    expect((await token("203.0.113.7")).status).toBe(200);
    expect((await token("203.0.113.7")).status).toBe(200);

    const over = token("203.0.113.7");
    const res = await over;
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ status: 429, code: "rate_limited" });
    expect(over.calls).toHaveLength(0);

    const page = await token("203.0.113.7", "text/html");
    expect(page.status).toBe(429);
    expect(page.headers.get("content-type")).toMatch(/^text\/plain/);

    expect((await token("198.51.100.4")).status).toBe(200);
    expect(keys).toEqual(["203.0.113.7", "203.0.113.7", "203.0.113.7", "203.0.113.7", "198.51.100.4"]);
  });

  it("is spent by every route that calls the API with the secret key, and by no other", async () => {
    const spends = async (path: string, init: RequestInit) => {
      const { binding, keys } = limiter(100);
      await call(path, init, undefined, { BUYER_LIMIT: binding });
      return keys.length;
    };
    const get = { headers: { "cf-connecting-ip": "203.0.113.7" } };
    const post = { ...from("203.0.113.7"), body: new URLSearchParams({ listingId: "lst_01JAAAAAAAAAAAAAAAAAAAAAAA" }), headers: { ...from("203.0.113.7").headers, "content-type": "application/x-www-form-urlencoded" } };
    expect(await spends(`/chat/token?room=${room.id}`, from("203.0.113.7"))).toBe(1);
    expect(await spends("/ask", post)).toBe(1);
    expect(await spends("/checkout/lst_01JAAAAAAAAAAAAAAAAAAAAAAA", post)).toBe(1);
    expect(await spends(`/live/${room.id}`, get)).toBe(1);
    expect(await spends(`/ask/${room.id}`, get)).toBe(1);
    expect(await spends("/checkout/lst_01JAAAAAAAAAAAAAAAAAAAAAAA/done?intent=pi_01JAAAAAAAAAAAAAAAAAAAAAAA&sig=x", get)).toBe(1);
    // Publishable-key pages are counted per visitor at the gateway already.
    expect(await spends("/", get)).toBe(0);
    expect(await spends("/checkout/lst_01JAAAAAAAAAAAAAAAAAAAAAAA", get)).toBe(0);
  });

  it("is bound by the Worker's own wrangler.toml (what a deploy binds), and passes requests where a runtime has none", async () => {
    expect(typeof env.BUYER_LIMIT.limit).toBe("function");
    const res = await call(`/chat/token?room=${room.id}`, from("203.0.113.7"), api, { BUYER_LIMIT: undefined });
    expect(res.status).toBe(200);
  });
});
