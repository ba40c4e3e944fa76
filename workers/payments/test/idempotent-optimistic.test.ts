import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { sqliteTable, text } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../../shared/crypto";
import { createApp } from "../../../shared/http/app";
import { commitIdempotent, idempotent } from "../../../shared/idempotency/middleware";

// The optimistic mode of shared/idempotency: no claim first; one batch [INSERT of the finished key, ...writes].
// Each request writes a row with its own random id, so a loser that wrote anything would show as a second row.
const T = "optimistic_probe";
const probe = sqliteTable(T, { id: text("id").primaryKey(), tag: text("tag").notNull() });
const SCOPE = "probe-optimistic";
const app = createApp();
app.post("/probe/:tag", idempotent({ required: true, scope: () => SCOPE, db: () => env.DB, mode: "optimistic", waitMs: 2000 }), async (c) => {
  const db = drizzle(env.DB);
  const tag = c.req.param("tag");
  const id = crypto.randomUUID();
  if (c.req.query("fail")) return c.json({ refused: true }, 422); // answered without writing: nothing stored
  const res = c.json({ id, tag }, 201);
  const writes = c.req.query("dup") ? ([db.insert(probe).values({ id, tag }), db.insert(probe).values({ id, tag })] as const) : ([db.insert(probe).values({ id, tag })] as const);
  return (await commitIdempotent(c, db, writes, res)).response;
});
const post = (tag: string, key: string, query = "", body = "{}") =>
  app.request(`/probe/${tag}${query}`, { method: "POST", headers: { "idempotency-key": key, "content-type": "application/json" }, body }, env);
const rows = async (tag: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${T} WHERE tag = ?`).bind(tag).first<{ n: number }>())!.n;
const keyRow = (key: string) => env.DB.prepare("SELECT state, status, body FROM idempotency_keys WHERE scope = ? AND idem_key = ?").bind(SCOPE, key).first<{ state: string; status: number | null; body: string | null }>();
const fingerprint = (tag: string, query = "", body = "{}") => sha256Hex(`POST /probe/${tag}${query}\n${body}`);
/** A key row put behind the middleware's back, as a claim-mode request or an old answer would leave it. */
async function plantKey(key: string, row: { fingerprint: string; state: "pending" | "done"; lockedUntil: number; expiresAt: number; status?: number; body?: string }) {
  await env.DB.prepare("INSERT INTO idempotency_keys (scope, idem_key, fingerprint, state, locked_until, status, headers, body, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    .bind(SCOPE, key, row.fingerprint, row.state, row.lockedUntil, row.status ?? null, row.status ? JSON.stringify([["content-type", "application/json"]]) : null, row.body ?? null, Date.now() - 1000, row.expiresAt)
    .run();
}

beforeAll(async () => {
  await env.DB.exec(`CREATE TABLE IF NOT EXISTS ${T} (id TEXT PRIMARY KEY, tag TEXT NOT NULL)`);
});

describe("idempotent({ mode: 'optimistic' })", () => {
  it("writes the finished key with the effect in one batch; a retry replays it and the losing request writes nothing", async () => {
    const first = await post("a", "k-a");
    expect(first.status).toBe(201);
    const made = (await first.json()) as { id: string };
    expect(await keyRow("k-a")).toEqual({ state: "done", status: 201, body: JSON.stringify({ id: made.id, tag: "a" }) });
    const again = await post("a", "k-a");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual({ id: made.id, tag: "a" });
    expect(await rows("a")).toBe(1);
  });

  it("of concurrent duplicates exactly one writes, and every one answers the winner's stored answer", async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => post("c", "k-c")));
    const bodies = await Promise.all(answers.map((r) => r.text()));
    for (const r of answers) expect(r.status).toBe(201);
    expect(new Set(bodies).size).toBe(1);
    expect(answers.filter((r) => r.headers.get("idempotent-replayed") !== "true")).toHaveLength(1);
    expect(await rows("c")).toBe(1);
    expect((await keyRow("k-c"))!.body).toBe(bodies[0]);
  });

  it("the same key with another request is a 409 and writes nothing", async () => {
    expect((await post("d", "k-d")).status).toBe(201);
    const other = await post("d", "k-d", "", '{"other":true}');
    expect(other.status).toBe(409);
    expect(((await other.json()) as { code: string }).code).toBe("idempotency_key_reused");
    expect(await rows("d")).toBe(1);
  });

  it("a batch that fails on the handler's own writes keeps nothing, stores no key, and lets a retry run", async () => {
    expect((await post("e", "k-e", "?dup=1")).status).toBe(500);
    expect(await rows("e")).toBe(0);
    expect(await keyRow("k-e")).toBeNull();
    expect((await post("e", "k-e", "?dup=1", "{}")).status).toBe(500);
    expect((await post("e", "k-e2")).status).toBe(201);
    expect(await rows("e")).toBe(1);
  });

  it("an answer that wrote nothing (4xx) is not stored", async () => {
    expect((await post("f", "k-f", "?fail=1")).status).toBe(422);
    expect(await keyRow("k-f")).toBeNull();
  });

  it("an expired key, even another request's, is deleted and the request runs", async () => {
    await plantKey("k-g", { fingerprint: "someone-else", state: "done", lockedUntil: 0, expiresAt: Date.now() - 1, status: 201, body: '{"old":true}' });
    const res = await post("g", "k-g");
    expect(res.status).toBe(201);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect(await rows("g")).toBe(1);
    expect((await keyRow("k-g"))!.body).toBe(await res.text());
  });

  it("waits for a claim-mode request of the same key still running, then replays its answer", async () => {
    await plantKey("k-h", { fingerprint: await fingerprint("h"), state: "pending", lockedUntil: Date.now() + 60_000, expiresAt: Date.now() + 60_000 });
    const finish = new Promise((r) => setTimeout(r, 150)).then(() =>
      env.DB.prepare("UPDATE idempotency_keys SET state = 'done', status = 201, headers = '[]', body = '{\"first\":true}' WHERE scope = ? AND idem_key = ?").bind(SCOPE, "k-h").run(),
    );
    const res = await post("h", "k-h");
    await finish;
    expect(res.status).toBe(201);
    expect(res.headers.get("idempotent-replayed")).toBe("true");
    expect(await res.text()).toBe('{"first":true}');
    expect(await rows("h")).toBe(0);
  });

  it("takes over an abandoned claim of the same request, but not another request's", async () => {
    await plantKey("k-i", { fingerprint: await fingerprint("i"), state: "pending", lockedUntil: Date.now() - 1, expiresAt: Date.now() + 60_000 });
    expect((await post("i", "k-i")).status).toBe(201);
    expect(await rows("i")).toBe(1);
    await plantKey("k-j", { fingerprint: "another-request", state: "pending", lockedUntil: Date.now() - 1, expiresAt: Date.now() + 60_000 });
    expect((await post("j", "k-j")).status).toBe(409);
    expect(await rows("j")).toBe(0);
  });
});
