import { describe, expect, it } from "vitest";
import { callWorker } from "../../../shared/testing/call-worker";
import CatalogService from "../src/index";
import { call, createListing, newTenantId, problem } from "./helpers";

describe("the service surface", () => {
  it("documents every catalog operation in its OpenAPI document", async () => {
    const doc = (await (await callWorker(CatalogService, new Request("https://catalog.internal/openapi.json"))).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/v1/catalog/listings"]!).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/v1/catalog/listings/{id}"]!).sort()).toEqual(["delete", "get", "patch"]);
    expect(Object.keys(doc.paths["/v1/catalog/fx-rates"]!)).toEqual(["put"]);
  });

  it("answers HEAD like GET without a body", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const res = await call(`/v1/catalog/listings/${id}`, { tenant: t, method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBeTruthy();
    expect(await res.text()).toBe("");
  });

  it("refuses a request that did not come through the gateway's auth", async () => {
    await problem(await callWorker(CatalogService, new Request("https://catalog.internal/v1/catalog/listings")), 401);
  });

  it("answers malformed JSON with 400, never 500", async () => {
    const res = await call("/v1/catalog/listings", { method: "POST", tenant: newTenantId(), headers: { "content-type": "application/json" }, body: "{nope" });
    await problem(res, 400);
  });
});
