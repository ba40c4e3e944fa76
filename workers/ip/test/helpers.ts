import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
// @ts-expect-error plain ESM seed script without types
import { catalogReferenceSql } from "../../../scripts/seed/catalog.mjs";
import { listingMarkets, listings, listingTranslations } from "../../../shared/db/schema";
import { newId } from "../../../shared/ids";
import { callWorker } from "../../../shared/testing/call-worker";
import IpService from "../src/index";

/** A tenant id unique to this call, so tests never see each other's rows. */
export const tenant = () => `ten_test_${crypto.randomUUID().slice(0, 8)}`;

type CallInit = { tenant?: string; method?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string>; admin?: boolean };

/** Calls the service as the gateway would, for `tenant` with a secret key (or as admin): its entrypoint's own fetch (see callWorker). */
export const ip = (path: string, init: CallInit = {}) => callWorker(IpService, gatewayRequest(path, init));

/** Calls the service as `ip` does, with `DB` in place of its database (one that fails on cue: see `d1With`). */
export const ipWith = (DB: D1Database, path: string, init: CallInit = {}) => callWorker(IpService, gatewayRequest(path, init), { DB });

/** `real` with its `batch` or `prepare` replaced, each handed the real database: a D1 that fails on cue. */
export function d1With(
  real: D1Database,
  over: { batch?: (real: D1Database, stmts: D1PreparedStatement[]) => Promise<D1Result[]>; prepare?: (real: D1Database, sql: string) => D1PreparedStatement },
): D1Database {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "batch" && over.batch) return (stmts: D1PreparedStatement[]) => over.batch!(target, stmts);
      if (prop === "prepare" && over.prepare) return (sql: string) => over.prepare!(target, sql);
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function gatewayRequest(path: string, init: CallInit): Request {
  const headers = new Headers(init.headers);
  if (init.tenant) {
    headers.set("x-ecp-tenant", init.tenant);
    headers.set("x-ecp-key-kind", "secret");
  }
  if (init.admin) headers.set("x-ecp-admin", "1");
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return new Request(`https://ip.internal${path}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
}

/** Reads a JSON answer, failing with its body unless the status matches. */
export async function ok<T = any>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Reads a problem+json answer, failing unless it has the status. */
export async function problem(res: Response, status: number) {
  const text = await res.text();
  if (res.status !== status || !res.headers.get("content-type")?.startsWith("application/problem+json")) {
    throw new Error(`expected problem ${status}, got ${res.status} ${res.headers.get("content-type")}: ${text}`);
  }
  return JSON.parse(text) as { code: string; detail: string; status: number; errors?: { path: string; message: string }[] };
}

/** The operator's verification of a tenant's claim to a right: what a case needs before it cites the right. */
export const verifyOwnership = async (assetId: string) =>
  ok(await ip(`/v1/admin/ip/assets/${assetId}/ownership`, { admin: true, method: "PUT", json: { status: "verified" } }));

export const trademark = (over: Record<string, unknown> = {}) => ({
  kind: "trademark",
  jurisdiction: "EU",
  name: "Lumora",
  niceClasses: [9, 35],
  registrationNumber: "018000001",
  owner: "Demo Seller GmbH",
  status: "registered",
  filedAt: "2020-03-02",
  registeredAt: "2020-07-10",
  ...over,
});

/** The catalog's markets and FX defaults, as the seed writes them: listings need them. */
export async function seedCatalogReference() {
  const db = (env as Env).DB;
  await db.batch((catalogReferenceSql() as string[]).map((s) => db.prepare(s)));
}

/**
 * A live listing, written straight to the catalog's tables: making it through
 * the catalog would clear it over RPC against this very Worker, which the
 * test pool cannot bind back to. Holding it goes through the catalog's RPC.
 */
export async function listing(t: string) {
  const id = newId("lst");
  const now = new Date().toISOString();
  const db = drizzle((env as Env).DB);
  await db.batch([
    db.insert(listings).values({ id, tenantId: t, sku: `SKU-${id.slice(-6)}`, brand: "Lumora", defaultLocale: "en", baseAmount: 1999, baseCurrency: "EUR", createdAt: now, updatedAt: now }),
    db.insert(listingTranslations).values({ listingId: id, locale: "en", title: "Desk lamp" }),
    db.insert(listingMarkets).values({ listingId: id, country: "DE" }),
  ]);
  return { id };
}

/**
 * `n` registered EU trademarks of `t`'s, written in one statement (a registry filled to a limit in a test),
 * filed a day apart from `firstFiled` on, so their renewals fall a day apart ten years later.
 */
export async function fillRegistry(t: string, n: number, firstFiled = "2016-01-01") {
  await (env as Env).DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
     INSERT INTO ip_assets (id, tenant_id, kind, jurisdiction, name, nice_classes, designations, registration_number, owner, status, filed_at, registered_at, expires_at, created_at)
     SELECT printf('ipa_%s_%05d', ?1, i), ?1, 'trademark', 'EU', 'Mark ' || i, '[9]', '[]', 'R' || i, 'Owner', 'registered', date(?3, '+' || i || ' days'), NULL, NULL, '2026-01-01T00:00:00.000Z' FROM n`,
  )
    .bind(t, n, firstFiled)
    .run();
}

/** A complaint against `listingId`, as a complainant's notice would read. */
export const complaint = (listingId: string, over: Record<string, unknown> = {}) => ({
  listingId,
  complainant: { name: "Brand Owner SA", email: "legal@owner.example" },
  right: { mark: "Lumina", jurisdiction: "EU", registrationNumber: "017999999", filedAt: "2019-05-01" },
  reason: "Listing uses a confusingly similar sign",
  ...over,
});

/** A ledger evidence item of the tenant's (a counter-notice needs one). */
export const evidence = async (t: string) => (await ok(await ip("/v1/ip/evidence", { tenant: t, json: { url: "https://example.org/lumora-2015", title: "Lumora catalogue 2015" } }), 201)).id as string;
