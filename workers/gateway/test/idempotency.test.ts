import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newTenant, problem } from "./helpers";

const ADMIN = { authorization: "Bearer admin_test_secret", "content-type": "application/json" };
const create = (key: string | undefined, body: unknown) =>
  call("/v1/admin/tenants", { method: "POST", headers: { ...ADMIN, ...(key === undefined ? {} : { "idempotency-key": key }) }, body: JSON.stringify(body) });
const tenantCount = async () => (await env.DB.prepare("SELECT count(*) AS n FROM tenants").first<{ n: number }>())!.n;

// The shared idempotency middleware (shared/idempotency), pinned through the first route that uses it.
describe("Idempotency-Key on a creating POST", () => {
  it("replays the first answer for the same key and body, without creating twice or storing the keys", async () => {
    const before = await tenantCount();
    const first = await create("tenant-a-1", { name: "Replay Ltd" });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const created = (await first.json()) as { id: string; keys: { secret: string } };
    expect(created.keys.secret).toMatch(/^sk_/);

    const again = await create("tenant-a-1", { name: "Replay Ltd" });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const replayed = (await again.json()) as { id: string; keys: { secret: string | null } };
    expect(replayed.id).toBe(created.id);
    expect(replayed.keys.secret).toBeNull();
    expect(await tenantCount()).toBe(before + 1);
    const stored = await env.DB.prepare("SELECT body FROM idempotency_keys WHERE idem_key = 'tenant-a-1'").first<{ body: string }>();
    expect(stored!.body).not.toContain(created.keys.secret);
  });

  it("refuses the same key with another body with 409 and writes nothing", async () => {
    await create("tenant-b-1", { name: "First body" });
    const before = await tenantCount();
    expect((await problem(await create("tenant-b-1", { name: "Other body" }), 409)).code).toBe("idempotency_key_reused");
    expect(await tenantCount()).toBe(before);
  });

  it("creates exactly one record from concurrent duplicates", async () => {
    const before = await tenantCount();
    const answers = await Promise.all(Array.from({ length: 12 }, () => create("tenant-c-1", { name: "Concurrent" })));
    const bodies = await Promise.all(answers.map((r) => r.json() as Promise<{ id?: string; code?: string }>));
    const ids = new Set(bodies.flatMap((b) => (b.id ? [b.id] : [])));
    expect(ids.size).toBe(1);
    for (const r of answers) expect([201, 409]).toContain(r.status);
    expect(await tenantCount()).toBe(before + 1);
  });

  it("gives the key back when validation fails, so a corrected retry runs", async () => {
    await problem(await create("tenant-d-1", { name: "" }), 400);
    const fixed = await create("tenant-d-1", { name: "Fixed" });
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get("idempotent-replayed")).toBeNull();
  });

  it("rejects a malformed key", async () => {
    expect((await problem(await create("x".repeat(256), { name: "Long key" }), 400)).code).toBe("invalid_idempotency_key");
    expect((await problem(await create("has space", { name: "Spacey" }), 400)).code).toBe("invalid_idempotency_key");
  });

  it("lets a new key through after the old one expired", async () => {
    await create("tenant-e-1", { name: "Old" });
    await env.DB.prepare("UPDATE idempotency_keys SET expires_at = 0 WHERE idem_key = 'tenant-e-1'").run();
    const res = await create("tenant-e-1", { name: "New" });
    expect(res.status).toBe(201);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
  });

  it("still creates without a key (optional on this route)", async () => {
    expect((await create(undefined, { name: "No key" })).status).toBe(201);
  });
});

// An operator's retry after a timeout must not mint a second live key whose plaintext was only in the lost answer.
describe("Idempotency-Key on issuing a tenant key", () => {
  const issue = (tenantId: string, key: string | undefined, body: unknown) =>
    call(`/v1/admin/tenants/${tenantId}/keys`, { method: "POST", headers: { ...ADMIN, ...(key === undefined ? {} : { "idempotency-key": key }) }, body: JSON.stringify(body) });
  const keyCount = async (tenantId: string) =>
    (await env.DB.prepare("SELECT count(*) AS n FROM api_keys WHERE tenant_id = ?").bind(tenantId).first<{ n: number }>())!.n;

  it("replays the first answer for the same key and body: one key minted, its plaintext not stored", async () => {
    const t = await newTenant("Key replay");
    const before = await keyCount(t.id);
    const first = await issue(t.id, "issue-key-a-1", { kind: "secret" });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const issued = (await first.json()) as { id: string; key: string };
    expect(issued.key).toMatch(/^sk_live_/);

    const again = await issue(t.id, "issue-key-a-1", { kind: "secret" });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const replayed = (await again.json()) as { id: string; key: string | null };
    expect(replayed.id).toBe(issued.id);
    expect(replayed.key).toBeNull();
    expect(await keyCount(t.id)).toBe(before + 1);
    const stored = await env.DB.prepare("SELECT body FROM idempotency_keys WHERE idem_key = 'issue-key-a-1'").first<{ body: string }>();
    expect(stored!.body).toContain(issued.id);
    expect(stored!.body).not.toContain(issued.key);
  });

  it("refuses the same key with another body with 409 and mints nothing", async () => {
    const t = await newTenant("Key reuse");
    expect((await issue(t.id, "issue-key-b-1", { kind: "secret" })).status).toBe(201);
    const before = await keyCount(t.id);
    expect((await problem(await issue(t.id, "issue-key-b-1", { kind: "publishable" }), 409)).code).toBe("idempotency_key_reused");
    expect(await keyCount(t.id)).toBe(before);
  });

  it("still issues without a key, a new key each time", async () => {
    const t = await newTenant("Key no idempotency");
    const before = await keyCount(t.id);
    const a = await issue(t.id, undefined, { kind: "secret" });
    const b = await issue(t.id, undefined, { kind: "secret" });
    expect([a.status, b.status]).toEqual([201, 201]);
    const [ka, kb] = (await Promise.all([a.json(), b.json()])) as { id: string; key: string }[];
    expect(ka!.key).toMatch(/^sk_live_/);
    expect(kb!.id).not.toBe(ka!.id);
    expect(await keyCount(t.id)).toBe(before + 2);
  });
});
