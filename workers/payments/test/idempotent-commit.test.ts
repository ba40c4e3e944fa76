import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { sqliteTable, text } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../shared/http/app";
import { commitIdempotent, idempotent } from "../../../shared/idempotency/middleware";
import { call, json, newTenantId, type Intent } from "./helpers";

// commitIdempotent (shared/idempotency): a handler's writes and the stored answer in one D1 batch.
const T = "commit_probe";
const probe = sqliteTable(T, { id: text("id").primaryKey() });
const app = createApp();
app.post("/probe/:id", idempotent({ required: true, scope: () => "probe", db: () => env.DB }), async (c) => {
  const db = drizzle(env.DB);
  const id = c.req.param("id");
  const res = c.json({ id }, 201);
  // A second row with the same primary key fails the batch when `dup` is asked for.
  const insert = () => db.insert(probe).values({ id });
  await commitIdempotent(c, db, c.req.query("dup") ? [insert(), insert()] : [insert()], res);
  return res;
});
const post = (id: string, key: string, dup = false) =>
  app.request(`/probe/${id}${dup ? "?dup=1" : ""}`, { method: "POST", headers: { "idempotency-key": key } }, env);
const rows = async (id: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${T} WHERE id = ?`).bind(id).first<{ n: number }>())!.n;
const keyRow = (key: string) => env.DB.prepare("SELECT state, status, body FROM idempotency_keys WHERE scope = 'probe' AND idem_key = ?").bind(key).first<{ state: string; status: number | null; body: string | null }>();

describe("commitIdempotent", () => {
  it("stores the answer with the writes, and a retry replays it without writing again", async () => {
    await env.DB.exec(`CREATE TABLE IF NOT EXISTS ${T} (id TEXT PRIMARY KEY)`);
    const first = await post("a", "k-a");
    expect(first.status).toBe(201);
    expect(await keyRow("k-a")).toEqual({ state: "done", status: 201, body: JSON.stringify({ id: "a" }) });
    const again = await post("a", "k-a");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual({ id: "a" });
    expect(await rows("a")).toBe(1);
  });

  it("keeps neither the writes nor the answer when the batch fails, and gives the key back", async () => {
    await env.DB.exec(`CREATE TABLE IF NOT EXISTS ${T} (id TEXT PRIMARY KEY)`);
    expect((await post("b", "k-b", true)).status).toBe(500);
    expect(await rows("b")).toBe(0);
    expect(await keyRow("k-b")).toBeNull();
    expect((await post("b", "k-b")).status).toBe(201);
    expect(await rows("b")).toBe(1);
  });

  it("of concurrent duplicates runs the writes once", async () => {
    await env.DB.exec(`CREATE TABLE IF NOT EXISTS ${T} (id TEXT PRIMARY KEY)`);
    const answers = await Promise.all(Array.from({ length: 10 }, () => post("c", "k-c")));
    for (const r of answers) expect([201, 409]).toContain(r.status);
    expect(await rows("c")).toBe(1);
  });

  it("the intent create's stored answer is the intent as the database holds it", async () => {
    const tenant = newTenantId();
    const body = { amount: 2500, currency: "EUR", country: "NL", method: "ideal" };
    const first = await call("/v1/payments/intents", { method: "POST", tenant, key: "same", json: body });
    const created = await json<Intent>(first, 201);
    const replay = await call("/v1/payments/intents", { method: "POST", tenant, key: "same", json: body });
    expect(replay.headers.get("location")).toBe(first.headers.get("location"));
    expect(await json<Intent>(replay, 201)).toEqual(created);
    expect(await json<Intent>(await call(`/v1/payments/intents/${created.id}`, { tenant }), 200)).toEqual(created);
  });
});
