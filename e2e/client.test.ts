import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createClient, idempotencyKey, idempotent } from "../shared/client";
// @ts-expect-error plain ESM script without types
import { CLIENT_TYPES, clientTypes } from "../scripts/lib/client-types.mjs";
import { api, base, newTenant } from "./helpers";

describe("the typed client (shared/client)", () => {
  it("has types generated from the document the gateway serves now (run `npm run client:types` when this fails)", async () => {
    const doc = await (await api("/openapi.json")).json();
    expect(await clientTypes(doc)).toBe(readFileSync(CLIENT_TYPES, "utf8"));
  });

  it("drives a seller's and a storefront's journey, retrying a create without creating twice", async () => {
    const tenant = await newTenant();
    const seller = createClient({ baseUrl: base(), key: tenant.keys.secret });
    const storefront = createClient({ baseUrl: base(), key: tenant.keys.publishable, headers: { "accept-language": "de-DE", "x-country": "DE" } });

    const key = idempotencyKey("listing");
    const body = {
      sku: "CLIENT-1",
      brand: "Lumen",
      defaultLocale: "en",
      translations: { en: { title: "Desk lamp" }, de: { title: "Schreibtischlampe" } },
      price: { amount: 10000, currency: "USD" },
      markets: ["DE"],
      category: "home",
    };
    const first = await seller.POST("/v1/catalog/listings", { body, ...idempotent(key) });
    expect(first.response.status).toBe(201);
    const retry = await seller.POST("/v1/catalog/listings", { body, ...idempotent(key) });
    expect(retry.response.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.data?.id).toBe(first.data?.id);

    const page = await storefront.GET("/v1/catalog/listings", { params: { query: { limit: 10 } } });
    expect(page.data?.items.map((i) => i.id)).toEqual([first.data!.id]);
    expect(page.data?.items[0]).toMatchObject({ locale: "de", title: "Schreibtischlampe", price: { currency: "EUR", taxIncluded: true } });

    const denied = await storefront.POST("/v1/catalog/listings", { body });
    expect(denied.response.status).toBe(403);
    expect(denied.error).toMatchObject({ code: "secret_key_required" });
  });
});
