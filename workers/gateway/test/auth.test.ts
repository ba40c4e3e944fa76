import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../../shared/crypto";
import { call, newTenant, problem, randomIp } from "./helpers";

describe("authentication", () => {
  it("refuses a request without a key with 401", async () => {
    const body = await problem(await call("/v1/catalog/listings"), 401);
    expect(body.code).toBe("unauthorized");
  });

  it("refuses an unknown key with 401", async () => {
    await problem(await call("/v1/me", { key: "sk_live_doesnotexist" }), 401);
  });

  it("accepts a secret and a publishable key of a new tenant", async () => {
    const t = await newTenant();
    for (const [key, kind] of [
      [t.keys.secret, "secret"],
      [t.keys.publishable, "publishable"],
    ] as const) {
      const res = await call("/v1/me", { key });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ tenantId: t.id, keyKind: kind });
    }
  });

  it("keeps publishable keys to the public read endpoints (403 on a write)", async () => {
    const t = await newTenant();
    const res = await call("/v1/catalog/listings", {
      method: "POST",
      key: t.keys.publishable,
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect((await problem(res, 403)).code).toBe("secret_key_required");
    await problem(await call("/v1/ip/assets", { key: t.keys.publishable }), 403);
  });

  it("guards tenant creation with the admin token", async () => {
    const res = await call("/v1/admin/tenants", {
      method: "POST",
      headers: { authorization: "Bearer wrong", "content-type": "application/json" },
      body: JSON.stringify({ name: "x" }),
    });
    await problem(res, 401);
  });

  it("stores keys only as their SHA-256 hashes", async () => {
    const t = await newTenant();
    const { env } = await import("cloudflare:workers");
    const rows = await (env as unknown as Env).DB.prepare("SELECT key_hash, hint FROM api_keys WHERE tenant_id = ?").bind(t.id).all<{ key_hash: string; hint: string }>();
    expect(rows.results).toHaveLength(2);
    const expected = await Promise.all([t.keys.secret, t.keys.publishable].map(sha256Hex));
    expect(rows.results.map((r) => r.key_hash).sort()).toEqual(expected.sort());
    for (const r of rows.results) expect(JSON.stringify(r)).not.toContain(t.keys.secret.slice(12));
  });
});

describe("rate limiting", () => {
  it("answers 429 with Retry-After once a standard key spends its budget", async () => {
    const t = await newTenant("limited", "standard");
    let limited: Response | undefined;
    for (let i = 0; i < 100 && !limited; i++) {
      const res = await call("/v1/me", { key: t.keys.secret });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(200);
    }
    expect(limited).toBeDefined();
    const retryAfter = Number(limited!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect((await problem(limited!, 429)).code).toBe("rate_limited");
  });
});

describe("key rotation", () => {
  const admin = { authorization: "Bearer admin_test_secret", "content-type": "application/json" };

  it("issues a new key, lists hints only, and refuses a revoked key at once", async () => {
    const t = await newTenant();
    const issued = await call(`/v1/admin/tenants/${t.id}/keys`, { method: "POST", headers: admin, body: JSON.stringify({ kind: "secret" }) });
    expect(issued.status).toBe(201);
    const fresh = (await issued.json()) as { id: string; key: string; kind: string };
    expect(fresh.key).toMatch(/^sk_live_/);
    expect((await call("/v1/me", { key: fresh.key })).status).toBe(200);

    const listed = (await (await call(`/v1/admin/tenants/${t.id}/keys`, { headers: admin })).json()) as { items: { id: string; hint: string; revokedAt: string | null }[] };
    expect(listed.items).toHaveLength(3);
    expect(JSON.stringify(listed)).not.toContain(fresh.key);

    // The old secret key was used (and cached) before its revocation.
    expect((await call("/v1/me", { key: t.keys.secret })).status).toBe(200);
    const old = listed.items.find((k) => k.id !== fresh.id && t.keys.secret.startsWith(k.hint))!;
    expect((await call(`/v1/admin/tenants/${t.id}/keys/${old.id}`, { method: "DELETE", headers: admin })).status).toBe(204);
    await problem(await call("/v1/me", { key: t.keys.secret }), 401);
    expect((await call("/v1/me", { key: fresh.key })).status).toBe(200);
  });

  it("answers 404 for another tenant's key or an unknown tenant, revoking nothing", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const keysOfB = (await (await call(`/v1/admin/tenants/${b.id}/keys`, { headers: admin })).json()) as { items: { id: string }[] };
    await problem(await call(`/v1/admin/tenants/${a.id}/keys/${keysOfB.items[0]!.id}`, { method: "DELETE", headers: admin }), 404);
    expect((await call("/v1/me", { key: b.keys.secret })).status).toBe(200);
    expect((await call("/v1/me", { key: b.keys.publishable })).status).toBe(200);
    await problem(await call("/v1/admin/tenants/ten_00000000000000000000000000/keys", { headers: admin }), 404);
    await problem(await call(`/v1/admin/tenants/${a.id}/keys`, { method: "POST", headers: admin, body: JSON.stringify({ kind: "root" }) }), 400);
  });

  it("answers 400 for path ids that are not ids, before any lookup", async () => {
    const a = await newTenant();
    for (const path of ["/v1/admin/tenants/ten_NOSUCHTENANT00000000000000/keys", `/v1/admin/tenants/${a.id}/keys/..%2F..%2Fx`, `/v1/admin/tenants/${a.id}/keys/key_x`]) {
      await problem(await call(path, { method: path.endsWith("/keys") ? "GET" : "DELETE", headers: admin }), 400);
    }
  });
});

describe("per-client-IP limits", () => {
  it("limits an address before auth: random keys, then a token route, get 429", async () => {
    const ip = randomIp();
    /** Spends the address's budget with random keys (401 each) until the 429; the 10 s window may turn over between two checks, so each check spends it first. */
    const spend = async () => {
      // Twice the budget and more: a window may turn over mid-loop (a slow machine), and the next must fill too.
      for (let i = 0; i < 100; i++) {
        const res = await call("/v1/catalog/listings", { key: `pk_live_random${i}xxxxxxxx`, headers: { "cf-connecting-ip": ip } });
        if (res.status === 429) return res;
        expect(res.status).toBe(401);
      }
      throw new Error("the address was never limited");
    };
    expect((await problem(await spend(), 429)).detail).toMatch(/address/);
    // Token-authenticated routes (calendar feed, chat history) skip key auth, not the per-IP budget.
    await spend();
    await problem(await call("/v1/ip/deadlines.ics?token=anything", { headers: { "cf-connecting-ip": ip } }), 429);
    await spend();
    await problem(await call("/v1/chat/rooms/room_x/messages?token=anything", { headers: { "cf-connecting-ip": ip } }), 429);
    // Another address is unaffected.
    expect((await call("/v1/catalog/listings", { key: "pk_live_randomxxxxxxxxxx" })).status).toBe(401);
  });

  it("a publishable key spent from one address still serves the storefront's buyers elsewhere", async () => {
    const t = await newTenant("storefront", "standard");
    const abuser = randomIp();
    let limited: Response | undefined;
    // Up to twice the key's budget of 20: a window turning over mid-loop leaves the next one to fill. The address's
    // budget (40) is not reached first, so the 429 is the key's.
    for (let i = 0; i < 45 && !limited; i++) {
      const res = await call("/v1/me", { key: t.keys.publishable, headers: { "cf-connecting-ip": abuser } });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(200);
    }
    expect((await problem(limited!, 429)).detail).toMatch(/key/);
    expect((await call("/v1/me", { key: t.keys.publishable, headers: { "cf-connecting-ip": randomIp() } })).status).toBe(200);
  });
});
