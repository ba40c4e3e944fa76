import { describe, expect, it } from "vitest";
import { requestFingerprint } from "../../../shared/idempotency/fingerprint";
import { MAX_ASKED, parseAsked, withAsked } from "../src/chat/ask-rooms";
import { call, json, listing, SAME } from "./helpers";

const LISTING = "lst_01JAAAAAAAAAAAAAAAAAAAAAAA";
const BUYER = `sf_buyer=b_${"1".repeat(32)}`;

/**
 * The chat API as "Ask the seller" meets it: rooms made under shared/idempotency's semantics (the same key and
 * request replay the first room, the same key with another request is a 409), keys kept until `expire()`; the
 * listing's title follows the language asked for, as the catalog's does.
 */
function platform() {
  const made: { id: string; body: unknown }[] = [];
  let keys = new Map<string, { fingerprint: string; id: string }>();
  const api = async (req: Request) => {
    const path = new URL(req.url).pathname;
    if (path.startsWith("/v1/catalog/listings/")) {
      const de = (req.headers.get("accept-language") ?? "").startsWith("de") || new URL(req.url).searchParams.get("locale") === "de";
      return json(listing({ id: LISTING, title: de ? "Schreibtischlampe" : "Desk lamp", locale: de ? "de" : "en" }));
    }
    if (path !== "/v1/chat/rooms" || req.method !== "POST") return json({}, 404);
    const raw = new Uint8Array(await req.arrayBuffer());
    const fingerprint = await requestFingerprint(req.method, req.url, req.headers.get("content-type") ?? undefined, raw);
    const key = req.headers.get("idempotency-key")!;
    const prior = keys.get(key);
    if (prior && prior.fingerprint !== fingerprint) return json({ status: 409, code: "idempotency_key_reused", detail: "reused" }, 409);
    if (prior) return json({ id: prior.id, kind: "direct", title: null, createdAt: "x", latestSeq: 0 }, 201);
    const id = `room_01JAAAAAAAAAAAAAAAAAAAAAA${made.length}`;
    made.push({ id, body: JSON.parse(new TextDecoder().decode(raw)) });
    keys.set(key, { fingerprint, id });
    return json({ id, kind: "direct", title: null, createdAt: "x", latestSeq: 0 }, 201);
  };
  return { api, made, expire: () => (keys = new Map()) };
}

/** Asks about the listing as a browser with `cookies`, in `headers`' language; returns where it was sent and the cookies it keeps. */
async function ask(api: (req: Request) => Promise<Response>, cookies: string, headers: Record<string, string> = {}, query = "") {
  const res = await call(`/ask${query}`, { method: "POST", headers: { ...SAME, cookie: cookies, "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams({ listing: LISTING }) }, api);
  expect(res.status).toBe(303);
  const set = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const kept = new Map(cookies.split("; ").filter(Boolean).map((c) => [c.split("=")[0]!, c] as const));
  for (const c of set) kept.set(c.split("=")[0]!, c);
  return { location: res.headers.get("location"), cookies: [...kept.values()].join("; ") };
}

describe("asking the seller about a listing", () => {
  it("opens the same room again in another language, after the seller renamed the listing, and without the API's key window", async () => {
    const { api, made, expire } = platform();
    const first = await ask(api, BUYER, { "accept-language": "en-US" });
    expect(first.location).toBe(`/ask/${made[0]!.id}?about=${LISTING}`);
    expect(made[0]!.body).toMatchObject({ kind: "direct", title: `Ask the seller: SKU-1 · ${LISTING}` });

    expect((await ask(api, first.cookies, { "accept-language": "de-DE" }, "?locale=de")).location).toBe(first.location);
    expire(); // a day later: the Idempotency-Key is forgotten
    expect((await ask(api, first.cookies, { "accept-language": "ja" })).location).toBe(first.location);
    expect(made).toHaveLength(1);
  });

  it("makes a room whose create replays under its key whatever the buyer's language, when the browser remembers none yet", async () => {
    const { api, made } = platform();
    const en = await ask(api, BUYER, { "accept-language": "en-US" });
    const de = await ask(api, BUYER, { "accept-language": "de-DE" }, "?locale=de"); // a second tab, before the first's cookie
    expect(de.location).toBe(en.location);
    expect(made).toHaveLength(1);
  });

  it("does not take another buyer's remembered rooms (the list is tagged with the buyer it belongs to)", async () => {
    const { api, made } = platform();
    const mine = await ask(api, BUYER);
    const asked = mine.cookies.split("; ").find((c) => c.startsWith("sf_ask="))!;
    const other = await ask(api, `sf_buyer=b_${"2".repeat(32)}; ${asked}`);
    expect(other.location).not.toBe(mine.location);
    expect(made).toHaveLength(2);
  });

  it("makes a first-time buyer (no buyer cookie yet) a member of the room it opens, under the cookie it keeps", async () => {
    const { api, made } = platform();
    const first = await ask(api, "");
    expect(first.cookies.match(/sf_buyer=/g)).toHaveLength(1);
    const token = call(`/chat/token?room=${made[0]!.id}`, { method: "POST", headers: { ...SAME, cookie: first.cookies } }, async (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/v1/chat/tokens") return json({ token: "t" }, 201);
      return json({ id: made[0]!.id, kind: "direct", title: null, createdAt: "x", latestSeq: 0 });
    });
    expect((await token).status).toBe(200);
    const minted = (await token.calls.find((r) => new URL(r.url).pathname === "/v1/chat/tokens")!.json()) as { userId: string };
    expect((made[0]!.body as { members: string[] }).members).toContain(minted.userId);
    expect((await ask(api, first.cookies)).location).toBe(first.location);
  });

  it("keeps the most recent conversations, each listing once, and reads nothing malformed", () => {
    let value = "t";
    for (let i = 0; i < MAX_ASKED + 5; i++) value = withAsked(parseAsked(value, "t"), "t", `lst_${String(i).padStart(26, "0")}`, `room_${String(i).padStart(26, "0")}`);
    const asked = parseAsked(value, "t");
    expect(asked.size).toBe(MAX_ASKED);
    expect([...asked.keys()][0]).toBe(`lst_${String(MAX_ASKED + 4).padStart(26, "0")}`);
    expect(parseAsked(value, "u").size).toBe(0);
    expect(parseAsked("t|lst_x:room_y|<script>", "t").size).toBe(0);
  });
});
