import { exports } from "cloudflare:workers";

/** A random client address, as Cloudflare would set it: tests do not share one per-IP budget. */
export const randomIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 256)).join(".")}`;

/** Calls the gateway the way a client on the internet would (from a random address unless `cf-connecting-ip` is given). */
export function call(path: string, init: RequestInit & { key?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", randomIp());
  if (init.key) headers.set("authorization", `Bearer ${init.key}`);
  return exports.default.fetch(new Request(`https://api.example.com${path}`, { ...init, headers }));
}

/** A fresh tenant made through the admin API, with its plaintext keys. */
export async function newTenant(name = "Test tenant", plan: "standard" | "high" = "standard") {
  const res = await call("/v1/admin/tenants", {
    method: "POST",
    headers: { authorization: "Bearer admin_test_secret", "content-type": "application/json" },
    body: JSON.stringify({ name, plan }),
  });
  if (res.status !== 201) throw new Error(`tenant creation failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; keys: { secret: string; publishable: string } };
}

/** Asserts a problem+json answer and returns its body. */
export async function problem(res: Response, status: number) {
  const body = (await res.json()) as { status: number; code: string; detail: string; type: string; title: string };
  if (res.status !== status || !res.headers.get("content-type")?.startsWith("application/problem+json") || body.status !== status) {
    throw new Error(`expected problem ${status}, got ${res.status} ${res.headers.get("content-type")} ${JSON.stringify(body)}`);
  }
  return body;
}
