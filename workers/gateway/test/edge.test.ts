import { describe, expect, it } from "vitest";
import { call, newTenant, problem } from "./helpers";

describe("the public edge", () => {
  it("answers /ping and reports every service healthy", async () => {
    expect((await call("/ping")).status).toBe(200);
    const res = await call("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      services: { catalog: "ok", payments: "ok", media: "ok", chat: "ok", ip: "ok" },
    });
  });

  it("puts X-Request-Id on every answer and echoes the client's", async () => {
    expect((await call("/health", { headers: { "x-request-id": "req-123" } })).headers.get("x-request-id")).toBe("req-123");
    expect((await call("/nope")).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect((await call("/v1/me")).headers.get("x-request-id")).toBeTruthy();
  });

  it("answers unknown paths and services with a 404 problem", async () => {
    await problem(await call("/nope"), 404);
    const t = await newTenant();
    await problem(await call("/v1/unknown/things", { key: t.keys.secret }), 404);
    await problem(await call("/v1/catalog/nothing-here", { key: t.keys.secret }), 404);
  });

  it("answers a wrong method with 405 and Allow", async () => {
    const res = await call("/health", { method: "DELETE" });
    await problem(res, 405);
    expect(res.headers.get("allow")).toContain("GET");
  });

  it("refuses a 2 MB body with 413 before any service sees it", async () => {
    const t = await newTenant();
    const res = await call("/v1/catalog/listings", {
      method: "POST",
      key: t.keys.secret,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ blob: "x".repeat(2 * 1024 * 1024) }),
    });
    expect((await problem(res, 413)).code).toBe("body_too_large");
  });

  it("answers CORS preflights for browser callers", async () => {
    const res = await call("/v1/catalog/listings", {
      method: "OPTIONS",
      headers: { origin: "https://shop.example", "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
  });

  it("serves one OpenAPI 3.1 document and the docs page with its own assets", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/v1/admin/tenants");
    const page = await call("/docs");
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("/docs/swagger-ui-bundle.js");
    expect(html).not.toMatch(/https?:\/\/(?!api\.example)/);
  });

  it("runs with the network shut: an unmocked outbound request fails the test", async () => {
    await expect(fetch("https://example.com/")).rejects.toThrow(/unmocked outbound request/);
  });
});
