import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { app } from "../src/http";
import { forgetReferenceData } from "../src/store/reference";
import { countingD1 } from "../../../shared/testing/counting-d1";
import { createListing, newTenantId } from "./helpers";

// Pins how many D1 round trips each public read costs: a second one creeping back fails here.
const d1 = countingD1((env as unknown as Env).DB);

/** A read through the catalog's app with the counting binding; answers the status and the round trips it made. */
async function read(path: string, tenant: string, kind: "secret" | "publishable" = "publishable", headers: Record<string, string> = {}, versionTtlMs = "60000") {
  d1.reset();
  const ctx = createExecutionContext();
  const req = new Request(`https://catalog.internal${path}`, {
    headers: { "x-ecp-tenant": tenant, "x-ecp-key-kind": kind, "x-ecp-country": "DE", "accept-language": "de-DE,de;q=0.9", ...headers },
  });
  // A long version TTL: a slow machine must not turn a cached read into a stale one mid-test.
  const res = await app.fetch(req, { ...(env as unknown as Env), DB: d1.db, VERSION_TTL_MS: versionTtlMs }, ctx);
  const body = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, body, trips: [...d1.trips] };
}

describe("D1 round trips per read", () => {
  let t: string;
  let id: string;
  beforeEach(async () => {
    t = newTenantId();
    id = await createListing(t);
    await createListing(t, { translations: { en: { title: "Kopfhörer stand" } }, category: "audio" });
  });

  it("an uncached list, search or single read is one round trip; a cached one none", async () => {
    expect((await read("/v1/catalog/listings?limit=20", t)).trips).toHaveLength(1);
    expect((await read("/v1/catalog/listings?limit=20", t)).trips).toHaveLength(0);
    expect((await read("/v1/catalog/listings?limit=19", t, "secret")).trips).toHaveLength(1);
    expect((await read(`/v1/catalog/listings?q=${encodeURIComponent("kopfhörer")}`, t)).trips).toHaveLength(1);
    // Short words alone are the console's (secret keys): a publishable key is refused before any D1 (query_too_short).
    expect((await read("/v1/catalog/listings?q=ab", t, "secret")).trips).toHaveLength(1);
    expect(await read("/v1/catalog/listings?q=ab", t)).toMatchObject({ status: 400, trips: [] });
    const one = await read(`/v1/catalog/listings/${id}`, t);
    expect(one).toMatchObject({ status: 200, trips: [expect.any(String)] });
    expect((await read(`/v1/catalog/listings/${id}`, t)).trips).toHaveLength(0);
    expect((await read(`/v1/catalog/listings/${id}`, t, "secret")).trips).toHaveLength(1);
  });

  it("a 451 and a 404 are one round trip too", async () => {
    const eu = await createListing(t, { markets: ["FR"] });
    expect(await read(`/v1/catalog/listings/${eu}`, t)).toMatchObject({ status: 451, trips: [expect.any(String)] });
    const missing = await read(`/v1/catalog/listings/lst_00000000000000000000000000`, t);
    expect(missing).toMatchObject({ status: 404, trips: [expect.any(String)] });
  });

  it("with the version read on every request (VERSION_TTL_MS 0), a read is still one round trip and a cached answer still wins", async () => {
    const strict = (path: string) => read(path, t, "publishable", { "accept-language": "en" }, "0");
    const first = await strict(`/v1/catalog/listings/${id}`);
    expect(first.trips).toHaveLength(1);
    // Behind the version's back: the batch reads the new row, but the unchanged version finds the cached answer.
    await (env as unknown as Env).DB.prepare("UPDATE listing_translations SET title = 'Sneaky' WHERE listing_id = ? AND locale = 'en'").bind(id).run();
    const again = await strict(`/v1/catalog/listings/${id}`);
    expect(again.trips).toHaveLength(1);
    expect(JSON.parse(again.body).title).toBe("Moka brewer");
  });

  it("a cold isolate (no version, rates or reference data yet) reads them in the same round trip as the rows", async () => {
    forgetReferenceData();
    const cold = await read("/v1/catalog/listings?limit=20", newTenantId());
    expect(cold.status).toBe(200);
    expect(cold.trips).toHaveLength(1);
  });
});
