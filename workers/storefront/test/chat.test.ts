import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { forgetRooms } from "../src/chat/room-cache";
import { seal } from "../src/session";
import { call, json, listing } from "./helpers";

const ROOM = "live_01JAAAAAAAAAAAAAAAAAAAAAAA";
const SAME = { origin: "https://shop.example" };

/** The chat API as the storefront sees it: one room of the given kind, tokens echo their request. */
const chatApi = (kind: "live" | "direct" | "group") => async (req: Request) => {
  const path = new URL(req.url).pathname;
  if (path === `/v1/chat/rooms/${ROOM}`) return json({ id: ROOM, kind, title: "Spring show", createdAt: "2026-01-01T00:00:00Z", latestSeq: 0 });
  if (path === "/v1/chat/tokens") return json({ token: `tok:${JSON.stringify(await req.json())}`, expiresAt: "2026-01-01T01:00:00Z" });
  if (path === "/v1/media/nearest") return json({ items: [{ id: "frankfurt-am-main-1", url: "wss://m", region: "europe", distanceKm: 10, estimatedRttMs: 6.4, load: 0.1 }], room: { id: ROOM, nodeId: "frankfurt-am-main-1", status: "assigned" }, origin: { country: "DE", parties: [], source: "country" }, policy: { changedChoice: false, fellBack: false, rule: null }, snapshotAgeMs: 0 });
  if (path.startsWith("/v1/catalog/listings/")) return json(listing());
  return json({}, 404);
};

beforeEach(() => forgetRooms());

describe("chat pages and endpoints (rendered in workerd, API stubbed)", () => {
  it("mints a buyer's token with the storefront's secret key for that one room, as a member, and keeps the buyer id HttpOnly", async () => {
    const req = call(`/chat/token?room=${ROOM}`, { method: "POST", headers: SAME }, chatApi("live"));
    const res = await req;
    expect(res.status).toBe(200);
    const minted = req.calls.find((r) => new URL(r.url).pathname === "/v1/chat/tokens")!;
    expect(minted.headers.get("authorization")).toBe(`Bearer ${env.STOREFRONT_SECRET_KEY}`);
    const body = (await minted.json()) as { userId: string; rooms: string[]; role: string };
    expect(body).toMatchObject({ rooms: [ROOM], role: "member" });
    expect(body.userId).toMatch(/^b_[0-9a-f]{32}$/);
    const cookie = res.headers.getSetCookie().join("\n");
    expect(cookie).toMatch(/sf_buyer=b_[0-9a-f]{32};/);
    expect(cookie).toMatch(/HttpOnly/i);
    // The chat id every room member sees is not the cookie that proves who the buyer is.
    expect(cookie).not.toContain(body.userId);
  });

  it("gives a buyer the same chat id on every visit, and no one else's for presenting it as a cookie", async () => {
    const minted = async (cookie: string) => {
      const req = call(`/chat/token?room=${ROOM}`, { method: "POST", headers: { ...SAME, cookie } }, chatApi("live"));
      expect((await req).status).toBe(200);
      return ((await req.calls.find((r) => new URL(r.url).pathname === "/v1/chat/tokens")!.json()) as { userId: string }).userId;
    };
    const victim = await minted(`sf_buyer=b_${"1".repeat(32)}`);
    expect(await minted(`sf_buyer=b_${"1".repeat(32)}`)).toBe(victim);
    // An attacker who read the victim's id in a room and sends it as their own cookie is someone else.
    expect(await minted(`sf_buyer=${victim}`)).not.toBe(victim);
  });

  it("hands out no token for a group room, nor to another site", async () => {
    const group = call(`/chat/token?room=${ROOM}`, { method: "POST", headers: SAME }, chatApi("group"));
    expect((await group).status).toBe(404);
    expect(group.calls.some((r) => new URL(r.url).pathname === "/v1/chat/tokens")).toBe(false);
    const foreign = call(`/chat/token?room=${ROOM}`, { method: "POST", headers: { origin: "https://evil.example" } }, chatApi("live"));
    expect((await foreign).status).toBe(403);
    expect(foreign.calls).toHaveLength(0);
  });

  it("renders the live page with the room's media node and no key in it", async () => {
    const res = await call(`/live/${ROOM}`, { headers: { "accept-language": "de-DE", "x-country": "DE" } }, chatApi("live"));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('data-node="frankfurt-am-main-1"');
    expect(html).toContain("geschätzte Umlaufzeit 6 ms");
    expect(html).toContain('src="/sf/room.js"');
    expect(html).not.toMatch(/sk_test|pk_test|tok:/);
    forgetRooms(); // the same id as another kind of room: a platform this isolate has not read yet
    const wrong = await call(`/live/${ROOM}`, {}, chatApi("direct"));
    expect(wrong.status).toBe(404);
  });

  it("makes the seller host of a live room, and refuses the console's token without a session", async () => {
    const session = await seal({ key: "sk_test_seller", tenantId: "ten_1", exp: Math.floor(Date.now() / 1000) + 600 }, env.SESSION_SECRET);
    const req = call(`/console/chat/token?room=${ROOM}`, { method: "POST", headers: { ...SAME, cookie: `ecp_console=${session}`, accept: "application/json" } }, chatApi("live"));
    expect((await req).status).toBe(200);
    const minted = req.calls.find((r) => new URL(r.url).pathname === "/v1/chat/tokens")!;
    expect(minted.headers.get("authorization")).toBe("Bearer sk_test_seller");
    expect(await minted.json()).toMatchObject({ userId: "seller", rooms: [ROOM], role: "host" });
    const none = await call(`/console/chat/token?room=${ROOM}`, { method: "POST", headers: { ...SAME, accept: "application/json" } }, chatApi("live"));
    expect(none.status).toBe(401);
  });
});
