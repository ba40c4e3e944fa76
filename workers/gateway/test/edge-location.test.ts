import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, newTenant, problem, randomIp } from "./helpers";

// The gateway here runs as deployed: TRUST_CLIENT_LOCATION = "false" (wrangler.toml), so only request.cf counts.

const NODES = [
  { id: "riyadh-1", lat: 24.71, lon: 46.68, region: "middle-east", residency: "SA" },
  { id: "frankfurt-1", lat: 50.12, lon: 8.68, region: "europe", residency: "DE" },
  { id: "sao-paulo-1", lat: -23.55, lon: -46.64, region: "south-america", residency: "BR" },
];
/** What a client anywhere may send about itself. */
const FORGED = { "x-country": "DE", "cf-ipcountry": "DE", "x-location": "52.52,13.40" };

type Nearest = { items: { id: string }[]; origin: { source: string; country: string | null }; room?: { nodeId: string | null } };

let keys: { secret: string; publishable: string };

beforeAll(async () => {
  ({ keys } = await newTenant("Edge location"));
  for (const { id, ...node } of NODES) {
    const put = await call(`/v1/media/nodes/${id}`, { method: "PUT", key: keys.secret, headers: { "content-type": "application/json" }, body: JSON.stringify({ url: `wss://${id}.media.test`, capacity: 100, ...node }) });
    const beat = await call(`/v1/media/nodes/${id}/heartbeat`, { method: "POST", key: keys.secret, headers: { "content-type": "application/json" }, body: JSON.stringify({ load: 0.1, healthy: true }) });
    if (put.status >= 300 || beat.status >= 300) throw new Error(`node ${id}: ${put.status} ${beat.status}`);
  }
});

/**
 * A call from a Worker bound to the gateway (the storefront's `API` binding), through the runtime: `exports.default` is a
 * service binding to this gateway, so what arrives as `request.cf` is what workerd carries across one (callWorker would
 * hand the test's own Request over as it is, cf and all, and prove nothing about the binding).
 */
const overBinding = (path: string, init: { cf?: IncomingRequestCfProperties | Record<string, string>; headers?: Record<string, string> }) =>
  exports.default.fetch(
    new Request(`https://gateway${path}`, {
      headers: { authorization: `Bearer ${keys.publishable}`, "cf-connecting-ip": randomIp(), ...init.headers },
      ...(init.cf ? { cf: init.cf } : {}),
    }),
  );

describe("the buyer's location, from a Worker bound to the gateway", () => {
  it("arrives as request.cf across the service binding, and the API places the buyer and their room there", async () => {
    // What the storefront sends for a buyer the gateway saw in Riyadh (workers/storefront/src/buyer-edge.ts).
    const cf = { country: "SA", latitude: "24.71", longitude: "46.68" };
    const res = await overBinding("/v1/media/nearest?count=3&room=room_edge_1", { cf, headers: FORGED });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Nearest;
    expect(body.origin).toMatchObject({ source: "edge", country: "SA" });
    expect(body.items[0]!.id).toBe("riyadh-1");
    // Anchored where the edge saw the buyer, not by the room id alone.
    expect(body.room?.nodeId).toBe("riyadh-1");
  });

  it("counts none of the location headers a client sends, with no cf", async () => {
    const res = await overBinding("/v1/media/nearest?count=1&room=room_edge_2", { headers: FORGED });
    // Nothing the gateway trusts says where the buyer is: the media service asks for a location.
    expect((await problem(res, 400)).code).toBe("location_required");
  });
});
