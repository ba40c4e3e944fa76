import { describe, expect, it } from "vitest";
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
});
