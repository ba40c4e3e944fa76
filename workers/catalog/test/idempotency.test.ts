import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../src/http";
import { call, listingBody, newTenantId, problem } from "./helpers";

describe("POST /listings with Idempotency-Key", () => {
  it("replays the first answer to a retry and creates one listing", async () => {
    const t = newTenantId();
    const body = listingBody();
    const post = () => call("/v1/catalog/listings", { method: "POST", tenant: t, json: body, headers: { "idempotency-key": "create-1" } });
    const first = await post();
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string };
    const retry = await post();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(((await retry.json()) as { id: string }).id).toBe(created.id);
    const list = (await (await call("/v1/catalog/listings", { tenant: t })).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).toEqual([created.id]);
  });

  it("refuses the same key with another body (409), and another tenant's same key is its own", async () => {
    const t = newTenantId();
    const key = { "idempotency-key": "create-2" };
    expect((await call("/v1/catalog/listings", { method: "POST", tenant: t, json: listingBody(), headers: key })).status).toBe(201);
    expect((await problem(await call("/v1/catalog/listings", { method: "POST", tenant: t, json: listingBody(), headers: key }), 409)).code).toBe("idempotency_key_reused");
    expect((await call("/v1/catalog/listings", { method: "POST", tenant: newTenantId(), json: listingBody(), headers: key })).status).toBe(201);
  });

  it("gives the key back when the body is refused (422), so the corrected body under it creates, and its retry replays", async () => {
    const t = newTenantId();
    const post = (body: unknown) => call("/v1/catalog/listings", { method: "POST", tenant: t, json: body, headers: { "idempotency-key": "create-fix" } });
    expect((await problem(await post(listingBody({ price: { amount: 100, currency: "XYZ" } })), 422)).code).toBe("unknown_currency");
    const body = listingBody();
    const fixed = await post(body);
    expect([fixed.status, fixed.headers.get("idempotent-replayed")]).toEqual([201, null]);
    const created = (await fixed.json()) as { id: string };
    const retry = await post(body);
    expect([retry.status, retry.headers.get("idempotent-replayed")]).toEqual([201, "true"]);
    expect(((await retry.json()) as { id: string }).id).toBe(created.id);
  });

  it("answers concurrent duplicates with one listing", async () => {
    const t = newTenantId();
    const body = listingBody();
    const answers = await Promise.all(
      [1, 2, 3].map(() => call("/v1/catalog/listings", { method: "POST", tenant: t, json: body, headers: { "idempotency-key": "create-3" } })),
    );
    const ids = new Set<string>();
    for (const a of answers) {
      expect(a.status).toBe(201);
      ids.add(((await a.json()) as { id: string }).id);
    }
    expect(ids.size).toBe(1);
  });

  it("stores the answer in the listing's own transaction: a failed store writes no listing, and the retry creates it", async () => {
    const DB = (env as unknown as Env).DB;
    const t = newTenantId();
    const body = listingBody();
    let failing = true;
    // The binding with the statement that stores a key's answer failing while `failing` (a transient D1 error).
    const flaky = new Proxy(DB, {
      get(target, prop) {
        if (prop === "prepare") {
          return (sql: string) => {
            if (failing && /update "idempotency_keys" set "state"/i.test(sql)) throw new Error("D1_ERROR: transient");
            return target.prepare(sql);
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const post = async () => {
      const ctx = createExecutionContext();
      const req = new Request("https://catalog.internal/v1/catalog/listings", {
        method: "POST",
        headers: { "x-ecp-tenant": t, "x-ecp-key-kind": "secret", "content-type": "application/json", "idempotency-key": "create-4" },
        body: JSON.stringify(body),
      });
      const res = await app.fetch(req, { ...(env as unknown as Env), DB: flaky }, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const failed = await post();
    expect(failed.status).toBe(500);
    expect(failed.headers.get("location")).toBeNull();
    const count = () => DB.prepare("SELECT count(*) AS n FROM listings WHERE tenant_id = ?").bind(t).first<number>("n");
    expect(await count()).toBe(0);
    failing = false;
    // Whatever lock the failed attempt left has lapsed.
    await DB.prepare("UPDATE idempotency_keys SET locked_until = 0 WHERE scope = ?").bind(t).run();
    const retry = await post();
    expect(retry.status, await retry.clone().text()).toBe(201);
    expect(retry.headers.get("location")).toMatch(/^\/v1\/catalog\/listings\/lst_/);
    expect(retry.headers.get("etag")).toBe('"lv1"');
    expect(await count()).toBe(1);
    const replay = await post();
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.headers.get("location")).toBe(retry.headers.get("location"));
    expect(((await replay.json()) as { id: string }).id).toBe(((await retry.json()) as { id: string }).id);
  });
});
