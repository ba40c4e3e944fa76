import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { sqliteTable, text } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../http/app";
import { InvalidInput, notFound, ProblemError } from "../http/problem";
import { idempotent } from "./middleware";

// Which answers the claim mode stores (Stripe: only once the endpoint started executing). A refusal of the
// request's input, or of a parent it names, did nothing: the key is given back and the corrected request runs
// under it. A refusal after a write is an answer like any other: stored, and replayed.
const T = "claim_probe";
const probe = sqliteTable(T, { id: text("id").primaryKey(), tag: text("tag").notNull() });
const SCOPE = "probe-claim";
const E = env as unknown as { DB: D1Database };
const app = createApp();
app.post("/probe/:tag", idempotent({ scope: () => SCOPE, db: () => E.DB }), async (c) => {
  const tag = c.req.param("tag");
  const { amount } = await c.req.json<{ amount: number }>();
  if (c.req.query("parent") === "missing") throw notFound("Parent");
  if (amount <= 0) throw new InvalidInput(422, "invalid_amount", "amount must be positive.", [{ path: "amount", message: "must be positive" }]);
  const id = crypto.randomUUID();
  await drizzle(E.DB).insert(probe).values({ id, tag });
  // A business rule found after the write: the request did something, so its refusal is what a retry gets.
  if (amount > 1000) throw new ProblemError(422, "over_limit", "amount is over the limit; the attempt is recorded.");
  return c.json({ id, tag, amount }, 201);
});
const post = (tag: string, key: string, amount: number, query = "") =>
  app.request(`/probe/${tag}${query}`, { method: "POST", headers: { "idempotency-key": key, "content-type": "application/json" }, body: JSON.stringify({ amount }) }, E);
const rows = async (tag: string) => (await E.DB.prepare(`SELECT count(*) AS n FROM ${T} WHERE tag = ?`).bind(tag).first<{ n: number }>())!.n;
const keyRow = (key: string) => E.DB.prepare("SELECT state, status FROM idempotency_keys WHERE scope = ? AND idem_key = ?").bind(SCOPE, key).first<{ state: string; status: number | null }>();

beforeAll(async () => {
  await E.DB.exec(`CREATE TABLE IF NOT EXISTS ${T} (id TEXT PRIMARY KEY, tag TEXT NOT NULL)`);
});

describe("idempotent() in claim mode: what is stored", () => {
  it("gives the key back after an InvalidInput 422, so the corrected request runs under it and its retry replays it", async () => {
    const refused = await post("invalid", "k-invalid", -5);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { code: string }).code).toBe("invalid_amount");
    expect(await keyRow("k-invalid")).toBeNull();

    const fixed = await post("invalid", "k-invalid", 500);
    expect([fixed.status, fixed.headers.get("idempotent-replayed")]).toEqual([201, null]);
    const created = await fixed.json();
    const again = await post("invalid", "k-invalid", 500);
    expect([again.status, again.headers.get("idempotent-replayed")]).toEqual([201, "true"]);
    expect(await again.json()).toEqual(created);
    expect(await rows("invalid")).toBe(1);
  });

  it("gives the key back after a 404 for a missing parent, so the request naming the right one runs under it", async () => {
    expect((await post("parent", "k-parent", 500, "?parent=missing")).status).toBe(404);
    expect(await keyRow("k-parent")).toBeNull();
    const fixed = await post("parent", "k-parent", 500);
    expect([fixed.status, fixed.headers.get("idempotent-replayed")]).toEqual([201, null]);
    expect((await post("parent", "k-parent", 500)).headers.get("idempotent-replayed")).toBe("true");
    expect(await rows("parent")).toBe(1);
  });

  it("stores a 422 answered after a write: its retry replays it and writes nothing more, another body under the key is a 409", async () => {
    const first = await post("after", "k-after", 5000);
    expect(first.status).toBe(422);
    expect(await keyRow("k-after")).toEqual({ state: "done", status: 422 });
    const again = await post("after", "k-after", 5000);
    expect([again.status, again.headers.get("idempotent-replayed")]).toEqual([422, "true"]);
    expect(((await again.json()) as { code: string }).code).toBe("over_limit");
    expect(await rows("after")).toBe(1);
    const other = await post("after", "k-after", 500);
    expect([other.status, ((await other.json()) as { code: string }).code]).toEqual([409, "idempotency_key_reused"]);
    expect(await rows("after")).toBe(1);
  });
});
