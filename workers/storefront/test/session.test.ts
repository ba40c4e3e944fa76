import { describe, expect, it } from "vitest";
import { open, seal } from "../src/session";
import { sameOrigin } from "../src/csrf";

const SECRET = "test-secret";
const session = { key: "sk_test_x", tenantId: "ten_1", exp: Math.floor(Date.now() / 1000) + 60 };

describe("console sessions (AES-GCM cookie)", () => {
  it("opens what it sealed, and the cookie does not show the key", async () => {
    const value = await seal(session, SECRET);
    expect(value).not.toContain("sk_test_x");
    expect(atob(value.replace(/-/g, "+").replace(/_/g, "/") + "==".slice(0, (4 - (value.length % 4)) % 4))).not.toContain("sk_test");
    expect(await open(value, SECRET)).toEqual({ ok: true, session });
  });

  it("refuses a flipped bit, a truncation, another secret and garbage as invalid", async () => {
    const value = await seal(session, SECRET);
    const flipped = value.slice(0, 20) + (value[20] === "A" ? "B" : "A") + value.slice(21);
    for (const bad of [flipped, value.slice(0, 30), "not-base64!!", ""]) {
      const opened = await open(bad, SECRET);
      expect(opened.ok).toBe(false);
    }
    expect(await open(value, "another-secret")).toEqual({ ok: false, reason: "invalid" });
    expect(await open(undefined, SECRET)).toEqual({ ok: false, reason: "missing" });
  });

  it("expires at its time", async () => {
    const value = await seal(session, SECRET);
    expect(await open(value, SECRET, session.exp * 1000 + 1)).toEqual({ ok: false, reason: "expired" });
  });
});

describe("CSRF: unsafe requests only from our own origin", () => {
  const post = (headers: Record<string, string>) => new Request("https://shop.example/console/listings", { method: "POST", headers });
  it("accepts same-origin posts and any GET", () => {
    expect(sameOrigin(post({ origin: "https://shop.example" }))).toBe(true);
    expect(sameOrigin(post({ "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(sameOrigin(new Request("https://shop.example/console", { headers: { origin: "https://evil.example" } }))).toBe(true);
  });
  it("refuses another origin, a null origin and a post that says nothing", () => {
    expect(sameOrigin(post({ origin: "https://evil.example" }))).toBe(false);
    expect(sameOrigin(post({ origin: "null" }))).toBe(false);
    expect(sameOrigin(post({ "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(sameOrigin(post({}))).toBe(false);
  });
});
