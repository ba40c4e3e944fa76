import { env } from "cloudflare:workers";
import { callWorker } from "../../../shared/testing/call-worker";
import media from "../src/index";

export const TENANT_A = "ten_01JMEDIAA00000000000000000";
export const TENANT_B = "ten_01JMEDIAB00000000000000000";

/** A tenant of its own per test, so registries never leak between tests. */
let n = 0;
export const freshTenant = () => `ten_media_${Date.now()}_${n++}`;

/**
 * A room the tenant made, as the chat service records it in its room directory (`chat_rooms`): the id is
 * `name` made unique to the tenant (the directory's ids are global).
 */
export async function tenantRoom(tenant: string, name: string): Promise<string> {
  const id = `${name}_${tenant}`;
  await (env as Env).DB.prepare("INSERT INTO chat_rooms (id, tenant_id, kind, title, members, created_at) VALUES (?1, ?2, 'live', NULL, '[]', ?3)")
    .bind(id, tenant, new Date().toISOString())
    .run();
  return id;
}

/**
 * A new client address for each call that names none: each call is its own buyer, as from the internet (where
 * Cloudflare sets `CF-Connecting-IP` on every request). A test about one client's share gives the address itself;
 * an empty one stands for none.
 */
let addresses = 0;
const nextAddress = () => {
  const n = ++addresses;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

/** Bindings and vars to swap for one call (typos in their names do not type-check). */
export type EnvOverrides = Partial<Record<keyof Env, unknown>>;

/**
 * Calls the media Worker as the gateway would, with the caller's headers and address: its exported handler with the real bindings
 * (see callWorker), or with `env`'s swapped in.
 */
export async function call(
  path: string,
  init: RequestInit & { tenant?: string; keyKind?: "secret" | "publishable"; json?: unknown; country?: string; location?: string; env?: EnvOverrides } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", nextAddress());
  if (init.tenant) {
    headers.set("x-ecp-tenant", init.tenant);
    headers.set("x-ecp-key-kind", init.keyKind ?? "secret");
  }
  if (init.country) headers.set("x-ecp-country", init.country);
  if (init.location) headers.set("x-ecp-location", init.location);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  const { env: overrides, ...rest } = init;
  const request = new Request(`https://media.internal${path}`, { ...rest, headers, body });
  return callWorker(media, request, overrides);
}

export interface NodeSpec {
  id: string;
  lat: number;
  lon: number;
  region?: string;
  residency?: string;
  capacity?: number;
}

/** Registers nodes and sends each one heartbeat (load 0.1 unless given), failing loudly. */
export async function addNodes(tenant: string, nodes: NodeSpec[], load = 0.1) {
  for (const node of nodes) {
    const { id, ...def } = node;
    const put = await call(`/v1/media/nodes/${id}`, {
      method: "PUT",
      tenant,
      json: { url: `wss://${id}.media.test`, region: "europe", capacity: 100, ...def },
    });
    if (put.status !== 201 && put.status !== 200) throw new Error(`put ${id}: ${put.status} ${await put.text()}`);
    await beat(tenant, id, load);
  }
}

export async function beat(tenant: string, id: string, load = 0.1, healthy = true) {
  const res = await call(`/v1/media/nodes/${id}/heartbeat`, { method: "POST", tenant, json: { load, healthy } });
  if (res.status !== 200) throw new Error(`heartbeat ${id}: ${res.status} ${await res.text()}`);
}

export interface NearestBody {
  items: { id: string; url: string; region: string; distanceKm: number; estimatedRttMs: number; load: number; peerRttMs?: number[] }[];
  policy: { rule: number | null; changedChoice: boolean; fellBack: boolean };
  room?: { id: string; nodeId: string | null; status: string };
  origin: { source: string; country: string | null };
  snapshotAgeMs: number;
}

export async function nearest(tenant: string, query: string, init: { country?: string; location?: string; keyKind?: "secret" | "publishable"; env?: EnvOverrides } = {}): Promise<NearestBody> {
  const res = await call(`/v1/media/nearest?${query}`, { tenant, keyKind: init.keyKind ?? "publishable", ...init });
  if (res.status !== 200) throw new Error(`nearest ${query}: ${res.status} ${await res.text()}`);
  return (await res.json()) as NearestBody;
}

/** Real data-centre cities (coordinates from GeoNames, as in the seeded world). */
export const CITIES = {
  frankfurt: { lat: 50.1155, lon: 8.6842, region: "europe", residency: "DE" },
  paris: { lat: 48.8534, lon: 2.3488, region: "europe", residency: "FR" },
  london: { lat: 51.5085, lon: -0.1257, region: "europe", residency: "GB" },
  ashburn: { lat: 39.0437, lon: -77.4875, region: "north-america", residency: "US" },
  tokyo: { lat: 35.6895, lon: 139.6917, region: "asia", residency: "JP" },
  sydney: { lat: -33.8679, lon: 151.2073, region: "oceania", residency: "AU" },
  singapore: { lat: 1.2897, lon: 103.8501, region: "asia", residency: "SG" },
  saoPaulo: { lat: -23.5475, lon: -46.6361, region: "south-america", residency: "BR" },
} as const;

/** One node on each of five continents: where a room or a buyer lands is then plain to see. */
export const WORLD = [
  { id: "frankfurt-1", ...CITIES.frankfurt },
  { id: "ashburn-1", ...CITIES.ashburn },
  { id: "tokyo-1", ...CITIES.tokyo },
  { id: "sydney-1", ...CITIES.sydney },
  { id: "sao-paulo-1", ...CITIES.saoPaulo },
];

/** What a Durable Object stub throws when the object is overloaded (its `overloaded` and `retryable` flags). */
export const overloaded = () => Object.assign(new Error("Durable Object is overloaded. Too many requests queued."), { overloaded: true, retryable: true });

/**
 * The REGISTRY binding with the named methods of every stub failing as `fail()` says (an overloaded object, by
 * default) and the rest passed to the real object: a registry that cannot be asked, as an isolate sees it.
 */
export function failingRegistry(methods: string[], fail: () => Error = overloaded) {
  const real = (env as Env).REGISTRY;
  return {
    idFromName: (name: string) => real.idFromName(name),
    get: (id: DurableObjectId) => {
      const stub = real.get(id) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      return new Proxy(stub, {
        get: (target, prop: string) => (methods.includes(prop) ? () => Promise.reject(fail()) : (...args: unknown[]) => target[prop]!(...args)),
      });
    },
  };
}
