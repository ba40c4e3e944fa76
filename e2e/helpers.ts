import { inject } from "vitest";
import { devFetch } from "../scripts/lib/dev-fetch.mjs";

export const base = () => inject("baseUrl");
export const DEMO = { secret: "sk_test_demo", publishable: "pk_test_demo", admin: "admin_test_demo" };

/**
 * An HTTP call to the running stack. A POST goes with an Idempotency-Key (a fresh one unless the caller set
 * its own), as the SDK's clients send them, so it is safe to repeat: devFetch repeats it when wrangler dev's
 * entry proxy answers its own "restarted mid-request" 503 (a local hop production does not have).
 * `idempotencyKey: false` sends none, for tests of a route's refusal without one.
 */
export function api(path: string, init: RequestInit & { key?: string; json?: unknown; idempotencyKey?: false } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("authorization", `Bearer ${init.key}`);
  if (init.method?.toUpperCase() === "POST" && init.idempotencyKey !== false && !headers.has("idempotency-key")) headers.set("idempotency-key", `e2e-${crypto.randomUUID()}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return devFetch(`${base()}${path}`, { ...init, headers, body });
}

/** A fresh tenant through the admin API. */
export async function newTenant(plan: "standard" | "high" = "high") {
  const res = await api("/v1/admin/tenants", { method: "POST", key: DEMO.admin, json: { name: `e2e ${Date.now()}`, plan } });
  if (res.status !== 201) throw new Error(`tenant creation: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; keys: { secret: string; publishable: string } };
}

/** Reads a problem+json answer, failing unless it has the given status and the contract's shape. */
export async function expectProblem(res: Response, status: number) {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  if (!res.headers.get("content-type")?.startsWith("application/problem+json")) throw new Error(`not problem+json: ${res.headers.get("content-type")}`);
  const body = JSON.parse(text) as { type: string; title: string; status: number; detail: string; code: string; errors?: { path: string; message: string }[] };
  for (const field of ["type", "title", "detail", "code"] as const) if (typeof body[field] !== "string") throw new Error(`problem lacks ${field}: ${text}`);
  if (body.status !== status) throw new Error(`problem status ${body.status} != ${status}`);
  return body;
}
