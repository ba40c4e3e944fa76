import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { callWorker } from "../../../shared/testing/call-worker";
import { isRefusal, planSearch, type SearchPlan } from "../src/domain/search";
import CatalogService from "../src/index";

// Markets, FX defaults and restrictions come with the migrations (0007), as in production: no seed here.

/** A fresh tenant id: the catalog trusts the gateway's headers, so a test tenant is just an id. */
export const newTenantId = () => `ten_test_${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}`;

export interface CallInit extends RequestInit {
  tenant: string;
  kind?: "secret" | "publishable";
  country?: string;
  json?: unknown;
}

/** Calls the catalog the way the gateway does after authenticating a key (its entrypoint's own fetch: see callWorker). */
export function call(path: string, init: CallInit): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("x-ecp-tenant", init.tenant);
  headers.set("x-ecp-key-kind", init.kind ?? "secret");
  if (init.country) headers.set("x-ecp-country", init.country);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return callWorker(CatalogService, new Request(`https://catalog.internal${path}`, { ...init, headers, body }));
}

/**
 * The catalog's RPC methods (hold, release, listHolds) on an entrypoint of its own, for tests that only need a hold in
 * place: not over `exports.default`, whose every call costs more than the last (see callWorker). holds.test.ts pins the
 * RPC surface itself through the runtime.
 */
export const rpc = () => new CatalogService(createExecutionContext(), env as unknown as Env);

/** A listing body with sensible defaults; override any member. */
export function listingBody(overrides: Record<string, unknown> = {}) {
  return {
    sku: `SKU-${crypto.randomUUID().slice(0, 8)}`,
    brand: "Acme",
    defaultLocale: "en",
    translations: {
      en: { title: "Moka brewer", description: "Makes coffee." },
      de: { title: "Mokamaschine", description: "Macht Kaffee." },
      ja: { title: "モカポット", description: "コーヒーを淹れます。" },
      "zh-Hant": { title: "摩卡咖啡機", description: "沖泡咖啡。" },
      "zh-Hans": { title: "摩卡咖啡机", description: "冲泡咖啡。" },
    },
    price: { amount: 19999, currency: "USD" },
    ...overrides,
  };
}

/** Creates a listing and returns its id, failing loudly otherwise. */
export async function createListing(tenant: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await call("/v1/catalog/listings", { method: "POST", tenant, json: listingBody(overrides) });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Asserts a problem+json answer and returns its body. */
export async function problem(res: Response, status: number) {
  const text = await res.text();
  if (res.status !== status || !res.headers.get("content-type")?.startsWith("application/problem+json")) {
    throw new Error(`expected problem ${status}, got ${res.status} ${res.headers.get("content-type")} ${text}`);
  }
  return JSON.parse(text) as { status: number; code: string; detail: string; errors?: { path: string; message: string }[] };
}

/** The listing version a write's `ETag: "lv<version>"` names. */
export function etagVersion(res: Response): number {
  const m = /^"lv(\d+)"$/.exec(res.headers.get("etag") ?? "");
  if (!m) throw new Error(`expected a listing ETag, got ${res.headers.get("etag")}`);
  return Number(m[1]);
}

/** The plan of a search `q` that must be searchable (a refusal fails the test). */
export function searchPlan(q: string): SearchPlan {
  const plan = planSearch(q);
  if (isRefusal(plan)) throw new Error(`q=${q} refused: ${plan.refused}`);
  return plan;
}
