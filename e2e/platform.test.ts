import { describe, expect, it } from "vitest";
import { api, DEMO, expectProblem, newTenant } from "./helpers";

describe("the platform through the gateway", () => {
  it("reports every service ok", async () => {
    const res = await api("/health");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; services: Record<string, string> };
    expect(body.status).toBe("ok");
    expect(Object.values(body.services)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
  });

  it("knows the seeded demo keys", async () => {
    const res = await api("/v1/me", { key: DEMO.publishable });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { keyKind: string }).keyKind).toBe("publishable");
  });

  it("answers no key with 401, a pk write with 403, an unknown path with 404", async () => {
    await expectProblem(await api("/v1/catalog/listings"), 401);
    await expectProblem(await api("/v1/catalog/listings", { method: "POST", key: DEMO.publishable, json: {} }), 403);
    await expectProblem(await api("/v1/nowhere", { key: DEMO.secret }), 404);
    await expectProblem(await api("/nowhere"), 404);
  });

  it("answers malformed JSON with 400 and loses nothing", async () => {
    const res = await api("/v1/admin/tenants", {
      method: "POST",
      key: DEMO.admin,
      headers: { "content-type": "application/json" },
      body: '{"name": "half',
    });
    expect((await expectProblem(res, 400)).code).toBe("malformed_json");
    const invalid = await expectProblem(await api("/v1/admin/tenants", { method: "POST", key: DEMO.admin, json: { name: "" } }), 400);
    expect(invalid.errors?.[0]?.path).toBe("name");
  });

  it("answers a 2 MB body with 413", async () => {
    const res = await api("/v1/catalog/listings", { method: "POST", key: DEMO.secret, json: { pad: "x".repeat(2 << 20) } });
    await expectProblem(res, 413);
  });

  it("creates a tenant whose keys work at once and are shown only once", async () => {
    const t = await newTenant("standard");
    const me = await api("/v1/me", { key: t.keys.secret });
    expect(await me.json()).toEqual({ tenantId: t.id, keyKind: "secret", plan: "standard" });
    const pk = await api("/v1/me", { key: t.keys.publishable });
    expect(await pk.json()).toEqual({ tenantId: t.id, keyKind: "publishable" });
  });

  it("serves the OpenAPI document and the docs page", async () => {
    const doc = (await (await api("/openapi.json")).json()) as { openapi: string };
    expect(doc.openapi).toBe("3.1.0");
    const css = await api("/docs/swagger-ui.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
  });
});
