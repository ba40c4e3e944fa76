import { exports } from "cloudflare:workers";

/** A tenant id unique to this call, so tests never see each other's rows. */
export const tenant = () => `ten_test_${crypto.randomUUID().slice(0, 8)}`;

/** Calls the service as the gateway would, for `tenant` with a secret key (or as admin). */
export function ip(path: string, init: { tenant?: string; method?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string>; admin?: boolean } = {}) {
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
  return exports.default.fetch(new Request(`https://ip.internal${path}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body }));
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
