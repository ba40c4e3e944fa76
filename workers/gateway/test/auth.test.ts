import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { sha256Hex } from "../../../shared/crypto";
import { lookupKey } from "../src/auth";
import { call, fakeLimiters, keyIdOf, newTenant, problem, randomIp } from "./helpers";

describe("authentication", () => {
  it("refuses a request without a key with 401", async () => {
    const body = await problem(await call("/v1/catalog/listings"), 401);
    expect(body.code).toBe("unauthorized");
  });

  it("refuses an unknown key with 401", async () => {
    await problem(await call("/v1/me", { key: "sk_live_doesnotexist" }), 401);
  });

  it("accepts a secret and a publishable key of a new tenant, telling the plan to the secret key only", async () => {
    for (const plan of ["standard", "high"] as const) {
      const t = await newTenant("Test tenant", plan);
      for (const [key, kind, expected] of [
        [t.keys.secret, "secret", { plan }],
        [t.keys.publishable, "publishable", {}],
      ] as const) {
        const res = await call("/v1/me", { key });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ tenantId: t.id, keyKind: kind, ...expected });
      }
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
    const rows = await env.DB.prepare("SELECT key_hash, hint FROM api_keys WHERE tenant_id = ?").bind(t.id).all<{ key_hash: string; hint: string }>();
    expect(rows.results).toHaveLength(2);
    const expected = await Promise.all([t.keys.secret, t.keys.publishable].map(sha256Hex));
    expect(rows.results.map((r) => r.key_hash).sort()).toEqual(expected.sort());
    for (const r of rows.results) expect(JSON.stringify(r)).not.toContain(t.keys.secret.slice(12));
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

  it("keeps a revoked key refused when a lookup that read it live finishes after the revocation", async () => {
    const t = await newTenant();
    let reached!: () => void;
    let release!: () => void;
    const read = new Promise<void>((r) => (reached = r));
    const gate = new Promise<void>((r) => (release = r));
    // D1 whose answers, once read, wait at `gate`: the lookup holds a live row while the key is revoked.
    const held = (stmt: D1PreparedStatement): D1PreparedStatement =>
      new Proxy(stmt, {
        get(target, name) {
          const value = Reflect.get(target, name) as unknown;
          if (typeof value !== "function") return value;
          if (name === "bind") return (...args: unknown[]) => held(target.bind(...args));
          return async (...args: unknown[]) => {
            const out = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            reached();
            await gate;
            return out;
          };
        },
      });
    const slowDb = { prepare: (sql: string) => held(env.DB.prepare(sql)) } as unknown as D1Database;
    const lookup = lookupKey(slowDb, t.keys.secret);
    await read;
    const keyId = await keyIdOf(t.keys.secret);
    expect((await call(`/v1/admin/tenants/${t.id}/keys/${keyId}`, { method: "DELETE", headers: admin })).status).toBe(204);
    release();
    expect(await lookup).not.toBeNull();
    expect(await lookupKey(env.DB, t.keys.secret)).toBeNull();
  });

  it("keeps a key's first revocation time when it is revoked again", async () => {
    const t = await newTenant();
    const keyId = await keyIdOf(t.keys.secret);
    const revokedAt = () => env.DB.prepare("SELECT revoked_at FROM api_keys WHERE id = ?").bind(keyId).first<string>("revoked_at");
    expect((await call(`/v1/admin/tenants/${t.id}/keys/${keyId}`, { method: "DELETE", headers: admin })).status).toBe(204);
    const first = await revokedAt();
    expect(first).toBeTruthy();
    await new Promise((r) => setTimeout(r, 5));
    expect((await call(`/v1/admin/tenants/${t.id}/keys/${keyId}`, { method: "DELETE", headers: admin })).status).toBe(204);
    expect(await revokedAt()).toBe(first);
    await problem(await call("/v1/me", { key: t.keys.secret }), 401);
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

describe("rate limits", () => {
  /** Asserts the 429 the gateway answers when a budget refuses, and that its detail names that budget. */
  async function rateLimited(res: Response, budget: "key" | "address") {
    const body = await problem(res, 429);
    expect(body.code).toBe("rate_limited");
    expect(body.detail).toMatch(budget === "key" ? /key/ : /address/);
    expect(body.detail).not.toMatch(budget === "key" ? /address/ : /key/);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
  }

  it.each([
    { plan: "standard", limiter: "RATE_LIMIT_STANDARD" },
    { plan: "high", limiter: "RATE_LIMIT_HIGH" },
  ] as const)("spends the address's budget, then a $plan key's on $limiter: a secret key's per key, a publishable key's per key and address", async ({ plan, limiter }) => {
    const t = await newTenant(plan, plan);
    const [secret, publishable] = [await keyIdOf(t.keys.secret), await keyIdOf(t.keys.publishable)];
    const limits = fakeLimiters();
    const [a, b] = [randomIp(), randomIp()];
    for (const key of [t.keys.secret, t.keys.publishable]) {
      for (const ip of [a, b]) expect((await call("/v1/me", { key, env: limits.bindings, headers: { "cf-connecting-ip": ip } })).status).toBe(200);
    }
    expect(limits.calls).toEqual([
      `RATE_LIMIT_IP ${a}`, `${limiter} ${secret}`,
      `RATE_LIMIT_IP ${b}`, `${limiter} ${secret}`,
      `RATE_LIMIT_IP ${a}`, `${limiter} ${publishable}@${a}`,
      `RATE_LIMIT_IP ${b}`, `${limiter} ${publishable}@${b}`,
    ]);
  });

  it("refuses a publishable key spent from one address with 429, and still serves the storefront's buyers elsewhere", async () => {
    const t = await newTenant();
    const limits = fakeLimiters({ RATE_LIMIT_STANDARD: 1 });
    const from = (ip: string) => call("/v1/me", { key: t.keys.publishable, env: limits.bindings, headers: { "cf-connecting-ip": ip } });
    const abuser = randomIp();
    expect((await from(abuser)).status).toBe(200);
    await rateLimited(await from(abuser), "key");
    expect((await from(randomIp())).status).toBe(200);
  });

  it("spends an IPv6 client's budgets by its /64: a new address in the same block gets no fresh budget", async () => {
    const t = await newTenant();
    const limits = fakeLimiters({ RATE_LIMIT_STANDARD: 1 });
    const block = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:7`;
    const from = (ip: string) => call("/v1/me", { key: t.keys.publishable, env: limits.bindings, headers: { "cf-connecting-ip": ip } });
    expect((await from(`${block}::1`)).status).toBe(200);
    await rateLimited(await from(`${block}:a:b:c:d`), "key");
    expect((await from(`${block.replace(/:7$/, ":8")}::1`)).status).toBe(200);
    const publishable = await keyIdOf(t.keys.publishable);
    expect(limits.calls.slice(0, 4)).toEqual([`RATE_LIMIT_IP ${block}::/64`, `RATE_LIMIT_STANDARD ${publishable}@${block}::/64`, `RATE_LIMIT_IP ${block}::/64`, `RATE_LIMIT_STANDARD ${publishable}@${block}::/64`]);
  });

  it("refuses an address over its budget before any key lookup, on token routes too", async () => {
    const limits = fakeLimiters({ RATE_LIMIT_IP: 0 });
    // A random key must cost no D1 query once its address is refused: that is what the per-IP budget bounds.
    const queries: string[] = [];
    const DB = new Proxy(env.DB, {
      get(db, name) {
        queries.push(String(name));
        const value: unknown = Reflect.get(db, name);
        return typeof value === "function" ? value.bind(db) : value;
      },
    });
    const ip = randomIp();
    const requests = [
      { path: "/v1/catalog/listings", key: `pk_live_${crypto.randomUUID().replaceAll("-", "")}` },
      // Token-authenticated routes (calendar feed, chat history) skip key auth, not the per-IP budget.
      { path: "/v1/ip/deadlines.ics?token=anything" },
      { path: "/v1/chat/rooms/room_x/messages?token=anything" },
      // Anonymous, and a call to every service behind it.
      { path: "/health" },
    ];
    for (const { path, key } of requests) {
      await rateLimited(await call(path, { key, env: { ...limits.bindings, DB }, headers: { "cf-connecting-ip": ip } }), "address");
    }
    expect(limits.calls).toEqual(requests.map(() => `RATE_LIMIT_IP ${ip}`));
    expect(queries).toEqual([]);
  });

  it("spends the address's budget on storefront and console pages too, before the storefront runs", async () => {
    const limits = fakeLimiters({ RATE_LIMIT_IP: 0 });
    const ip = randomIp();
    const pages = [
      { path: "/", method: "GET" },
      { path: "/console", method: "GET" },
      { path: "/console/listings", method: "GET" },
      { path: "/p/lst_01JAAAAAAAAAAAAAAAAAAAAAAA", method: "GET" },
      { path: "/ask", method: "POST" },
      { path: "/checkout/x", method: "POST" },
    ];
    for (const { path, method } of pages) {
      const headers = { "cf-connecting-ip": ip, origin: "https://api.example.com", "content-type": "application/x-www-form-urlencoded" };
      await rateLimited(await call(path, { method, env: limits.bindings, headers, ...(method === "POST" ? { body: "listing=x" } : {}) }), "address");
    }
    expect(limits.calls).toEqual(pages.map(() => `RATE_LIMIT_IP ${ip}`));
  });

  it.each([
    { exempt: "true", ip: "127.0.0.1", limited: false },
    { exempt: "true", ip: "::1", limited: false },
    { exempt: "true", ip: "10.0.0.1", limited: true },
    { exempt: "false", ip: "127.0.0.1", limited: true },
  ])("with EXEMPT_LOOPBACK_IP_LIMIT=$exempt, $ip is IP-limited: $limited", async ({ exempt, ip, limited }) => {
    const limits = fakeLimiters({ RATE_LIMIT_IP: 0 });
    // No key: past the IP limiter the answer is a 401 that needs no lookup.
    const res = await call("/v1/catalog/listings", { env: { ...limits.bindings, EXEMPT_LOOPBACK_IP_LIMIT: exempt }, headers: { "cf-connecting-ip": ip } });
    if (limited) await rateLimited(res, "address");
    else await problem(res, 401);
    expect(limits.calls).toEqual(limited ? [`RATE_LIMIT_IP ${ip}`] : []);
  });

  // The one test against Miniflare's real limiter, to prove wrangler.toml's binding limits at all (20 requests a key
  // per fixed 10 s window here: vitest.config.ts). A turnover mid-loop restarts the count, so the loop runs to 4× the
  // budget: 80 requests spanning at most two turnovers put 27 in one window; missing the 429 would take over 20 s.
  it("Miniflare's limiter refuses a key once it has spent its budget", async () => {
    const budget = 20;
    const t = await newTenant();
    let served = 0;
    for (let i = 0; i < 4 * budget; i++) {
      const res = await call("/v1/me", { key: t.keys.secret });
      if (res.status === 429) {
        // Every request before the 429 in its window was served: a whole budget at least.
        expect(served).toBeGreaterThanOrEqual(budget);
        return rateLimited(res, "key");
      }
      expect(res.status).toBe(200);
      served++;
    }
    throw new Error(`no 429 in ${4 * budget} requests`);
  });
});
