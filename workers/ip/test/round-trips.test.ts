import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { countingD1 } from "../../../shared/testing/counting-d1";
import { app } from "../src/http";
import { db } from "../src/store/db";
import { copyToD1, integrate, readTip } from "../src/store/ledger";
import { importMarks, registerIndex } from "../src/store/register";
import { tenant } from "./helpers";

// Pins how many D1 round trips clearance and an evidence append cost: a read creeping back fails here.
const d1 = countingD1((env as unknown as Env).DB);

/** A call through the ip service's app with the counting binding; answers the status and the round trips it made. */
async function call(path: string, t: string, json: unknown, headers: Record<string, string> = {}) {
  d1.reset();
  const ctx = createExecutionContext();
  const req = new Request(`https://ip.internal${path}`, {
    method: "POST",
    headers: { "x-ecp-tenant": t, "x-ecp-key-kind": "secret", "content-type": "application/json", ...headers },
    body: JSON.stringify(json),
  });
  const res = await app.fetch(req, { ...(env as unknown as Env), DB: d1.db }, ctx);
  const body = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, body, trips: [...d1.trips] };
}

const TITLE = { text: "N1KE-style running shoes for men, breathable mesh", brand: "Lumora", markets: ["US", "DE", "FR", "JP"] };

describe("D1 round trips", () => {
  it("clearance answers a warm call from the isolate's memory, with no D1 round trip", async () => {
    const t = tenant();
    const first = await call("/v1/ip/clearance", t, TITLE);
    expect(first.status).toBe(200);
    // The tenant's own marks, and the register's version (and rows) unless another call just checked them.
    expect(first.trips.length).toBeGreaterThanOrEqual(1);
    expect(first.trips.length).toBeLessThanOrEqual(3);
    const warm = await call("/v1/ip/clearance", t, TITLE);
    expect(warm.status).toBe(200);
    expect(warm.body).toBe(first.body);
    expect(warm.trips).toEqual([]);
  });

  it("checks the register's version once however many calls find it due at the same time", async () => {
    const d = db(d1.db);
    // An empty import drops this isolate's cached register, whatever clock other tests ran it on.
    await importMarks(d, []);
    const t0 = Date.now();
    await registerIndex(d, t0);
    d1.reset();
    const due = t0 + 5_000;
    const indexes = await Promise.all(Array.from({ length: 8 }, () => registerIndex(d, due)));
    expect(d1.trips).toHaveLength(1);
    expect(d1.trips[0]).toMatch(/ip_register_version/);
    expect(new Set(indexes).size).toBe(1);
  });

  it("answers an evidence append with no D1 round trip; an Idempotency-Key adds its claim and its answer", async () => {
    const t = tenant();
    const plain = await call("/v1/ip/evidence", t, { url: "https://trips.example/1" });
    expect(plain.status).toBe(201);
    expect(plain.trips).toEqual([]);
    const keyed = await call("/v1/ip/evidence", t, { url: "https://trips.example/2" }, { "idempotency-key": `trips-${t}` });
    expect(keyed.status).toBe(201);
    // One call in 64 also purges expired keys, behind the answer: not a round trip the caller waits for.
    expect(keyed.trips.filter((sql) => !sql.startsWith("DELETE FROM idempotency_keys"))).toHaveLength(2);
  });

  it("copies a batch to D1 in one round trip of three statements, however many leaves it holds", async () => {
    const t = tenant();
    const d = db(d1.db);
    const record = (i: number) => ({ id: `evd_trips_${i}_${t}`, tenantId: t, sha256: "ef".repeat(32), source: "url" as const, contentType: null, size: null, filename: null, url: `https://copy.example/${i}`, title: `item ${i}`, capturedAt: null, receivedAt: new Date().toISOString() });
    const done = await integrate(t, Array.from({ length: 64 }, (_, i) => ({ record: record(i), requestKey: i % 2 ? `key-${i}` : null })), await readTip(d, t), () => undefined);
    d1.reset();
    await copyToD1(d, t, 0, done.rows, done.written, done.tip);
    expect(d1.trips).toHaveLength(1);
    expect(d1.trips[0]).toMatch(/^batch\[3\]/);
    const copied = await (env as unknown as Env).DB.prepare("SELECT id, leaf_index, leaf_hash, request_key, title FROM ip_evidence WHERE tenant_id = ? ORDER BY leaf_index").bind(t).all();
    expect(copied.results).toEqual(done.rows.map((r) => ({ id: r.id, leaf_index: r.leafIndex, leaf_hash: r.leafHash, request_key: r.requestKey, title: r.title })));
  });
});
