import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { forgetRooms } from "../src/chat/room-cache";
import { edgeLocation } from "../../gateway/src/edge";
import { forward } from "../../gateway/src/proxy";
import { buyerEdgeOf } from "../src/buyer-edge";
import { call, json, listing, signedIn } from "./helpers";

const ROOM = "live_01JAAAAAAAAAAAAAAAAAAAAAAA";
const RIYADH = { "x-ecp-country": "SA", "x-ecp-location": "24.71,46.68" };
/** What a client anywhere may send about itself: a production gateway ignores all of it. */
const FORGED = { "x-country": "DE", "cf-ipcountry": "DE", "x-location": "52.52,13.4" };

/**
 * The API behind the gateway's own forwarding (workers/gateway/src/proxy.ts): every storefront call goes
 * through `forward`, trusting client location headers or not, and `services` records what the services
 * were told about the buyer (`x-ecp-country`, `x-ecp-location`) per path.
 */
function gateway(trustClientLocation: boolean) {
  const services: { path: string; country: string | null; location: string | null }[] = [];
  const service = {
    fetch: async (req: Request) => {
      const path = new URL(req.url).pathname;
      services.push({ path, country: req.headers.get("x-ecp-country"), location: req.headers.get("x-ecp-location") });
      if (path === `/v1/chat/rooms/${ROOM}`) return json({ id: ROOM, kind: "live", title: "Show", createdAt: "2026-01-01T00:00:00Z", latestSeq: 0 });
      if (path === "/v1/media/nearest") return json({ items: [{ id: "riyadh-1", url: "wss://m", region: "middle-east", distanceKm: 3, estimatedRttMs: 10.1, load: 0.1 }], room: { id: ROOM, nodeId: "riyadh-1", status: "assigned" } });
      if (path.startsWith("/v1/catalog/listings/")) return json(listing());
      if (path === "/v1/catalog/listings") return json({ items: [listing()], nextCursor: null });
      return json({}, 404);
    },
  } as unknown as Fetcher;
  const api = (req: Request) => forward(service, req, { key: null, admin: false, requestId: "r1", maxBodyBytes: 1024, trustClientLocation });
  return { api, services };
}

beforeEach(() => forgetRooms());

describe("the buyer's location on the storefront's API calls", () => {
  it("reaches the services behind a gateway that trusts no client header, on every page's every call", async () => {
    for (const path of [`/live/${ROOM}`, "/", "/p/lst_01JAAAAAAAAAAAAAAAAAAAAAAA", "/checkout/lst_01JAAAAAAAAAAAAAAAAAAAAAAA"]) {
      const { api, services } = gateway(false);
      const page = call(path, { headers: { ...RIYADH, ...FORGED, "cf-connecting-ip": "203.0.113.7" } }, api);
      expect((await page).status, path).toBe(200);
      expect(services.length, path).toBeGreaterThan(0);
      for (const seen of services) expect(seen, path).toMatchObject({ country: "SA", location: "24.71,46.68" });
      // Still from the buyer's own address (client-address.ts): both edits reach the gateway.
      for (const req of page.calls) expect(req.headers.get("cf-connecting-ip")).toBe("203.0.113.7");
    }
  });

  it("places a live room near its buyer: the media lookup sees where the edge saw them", async () => {
    const { api, services } = gateway(false);
    const html = await (await call(`/live/${ROOM}`, { headers: RIYADH }, api)).text();
    expect(html).toContain('data-node="riyadh-1"');
    expect(services.find((s) => s.path === "/v1/media/nearest")).toEqual({ path: "/v1/media/nearest", country: "SA", location: "24.71,46.68" });
  });

  it("still works on the local stack, whose gateway trusts client headers: the storefront sends none, its cf counts", async () => {
    const { api, services } = gateway(true);
    expect((await call(`/live/${ROOM}`, { headers: RIYADH }, api)).status).toBe(200);
    for (const seen of services) expect(seen).toMatchObject({ country: "SA", location: "24.71,46.68" });
  });

  it("tells the API nothing the gateway did not establish: a buyer's own headers do not become a location", async () => {
    const { api, services } = gateway(false);
    const page = call(`/live/${ROOM}`, { headers: FORGED }, api);
    expect((await page).status).toBe(200);
    for (const seen of services) expect(seen).toMatchObject({ country: null, location: null });
    for (const req of page.calls) expect(req.cf).toEqual({});
  });

  it("leaves the seller console's calls as they were: no buyer's location on them", async () => {
    const page = call("/console/chat", { headers: await signedIn(RIYADH) }, () => json({ items: [], nextCursor: null }));
    expect((await page).status).toBe(200);
    expect(page.calls.length).toBeGreaterThan(0);
    for (const req of page.calls) expect(req.cf).toBeUndefined();
  });
});

describe("buyerEdgeOf", () => {
  it("reads what the gateway passed, in the fields of Cloudflare's request.cf, and drops anything malformed", () => {
    const of = (h: Record<string, string>) => buyerEdgeOf(new Headers(h));
    expect(of(RIYADH)).toEqual({ country: "SA", latitude: "24.71", longitude: "46.68" });
    expect(of({ "x-ecp-country": "sa", "x-ecp-location": "91,0" })).toEqual({});
    for (const location of ["", ",", "1,", "abc,2", "1,2,3", "0,181", "Infinity,0"]) expect(of({ "x-ecp-location": location }), location).toEqual({});
    expect(of({ "x-ecp-location": "-33.87,151.21" })).toEqual({ latitude: "-33.87", longitude: "151.21" });
  });

  it("says exactly what the gateway said: the gateway reads back from cf the country and point it put in its headers", () => {
    const point = fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });
    const country = fc.stringMatching(/^[A-Z]{2}$/).filter((c) => c !== "XX");
    fc.assert(
      fc.property(point, country, ({ lat, lon }, c) => {
        const cf: RequestInitCfProperties = buyerEdgeOf(new Headers({ "x-ecp-country": c, "x-ecp-location": `${lat},${lon}` }));
        const read = edgeLocation(new Request("https://gateway/v1/x", { cf }), false);
        expect(read).toEqual({ country: c, lat: lat === 0 ? 0 : lat, lon: lon === 0 ? 0 : lon });
      }),
    );
  });
});
