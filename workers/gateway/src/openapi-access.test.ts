import { describe, expect, it } from "vitest";
import { documentAccess, type OpenApiDoc } from "./openapi-access";

const op = (extra: Record<string, unknown> = {}) => ({ responses: { 200: { description: "ok" } }, ...extra });
const doc = (): OpenApiDoc => ({
  paths: {
    "/v1/catalog/listings": { get: op(), post: op({ requestBody: {} }) },
    "/v1/chat/rooms/{id}/connect": { get: op() },
    "/v1/ip/deadlines.ics": { get: op() },
    "/v1/ip/ledger/keys": { get: op() },
    "/v1/admin/marks": { post: op({ requestBody: {} }) },
    "/v1/brand-new/things": { delete: op() },
    "/health": { get: op() },
  },
});

describe("the OpenAPI document's security, from the gateway's policy", () => {
  const d = documentAccess(doc());
  const at = (p: string, m: string) => d.paths![p]![m]!;

  it("documents each route with the credential the gateway enforces", () => {
    expect(at("/v1/catalog/listings", "get").security).toEqual([{ publishableKey: [] }, { secretKey: [] }]);
    expect(at("/v1/catalog/listings", "post").security).toEqual([{ secretKey: [] }]);
    expect(at("/v1/chat/rooms/{id}/connect", "get").security).toEqual([{ secretKey: [] }, { chatToken: [] }]);
    expect(at("/v1/ip/deadlines.ics", "get").security).toEqual([{ secretKey: [] }, { feedToken: [] }]);
    expect(at("/v1/ip/ledger/keys", "get").security).toEqual([]);
    expect(at("/v1/admin/marks", "post").security).toEqual([{ adminToken: [] }]);
    expect(at("/health", "get").security).toEqual([]);
  });

  it("makes an unlisted route private in the document too", () => {
    expect(at("/v1/brand-new/things", "delete").security).toEqual([{ secretKey: [] }]);
  });

  it("adds the gateway's own problems where they can happen", () => {
    expect(Object.keys(at("/v1/catalog/listings", "post").responses!)).toEqual(expect.arrayContaining(["401", "403", "413", "429"]));
    expect(Object.keys(at("/v1/catalog/listings", "get").responses!)).not.toContain("403");
    expect(Object.keys(at("/v1/ip/ledger/keys", "get").responses!)).toEqual(["200", "429"]);
    expect(Object.keys(at("/health", "get").responses!)).toEqual(["200"]);
  });

  it("keeps a route's own declaration", () => {
    const own = doc();
    own.paths!["/v1/catalog/listings"]!.get!.security = [{ secretKey: [] }];
    expect(documentAccess(own).paths!["/v1/catalog/listings"]!.get!.security).toEqual([{ secretKey: [] }]);
  });
});
