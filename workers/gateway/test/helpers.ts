import { env } from "cloudflare:workers";
import { sha256Hex } from "../../../shared/crypto";
import { callWorker } from "../../../shared/testing/call-worker";
import gateway from "../src/index";

/** A random client address, as Cloudflare would set it: tests do not share one per-IP budget. */
export const randomIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 256)).join(".")}`;

/** Bindings and vars to swap for one call (typos in their names do not type-check). */
export type EnvOverrides = Partial<Record<keyof Env, unknown>>;

/**
 * Calls the gateway the way a client on the internet would (from a random address unless `cf-connecting-ip` is given):
 * its exported handler with the real bindings (see callWorker), or with `env`'s swapped in, e.g. a limiter the test
 * controls (fakeLimiters).
 */
export async function call(path: string, init: RequestInit & { key?: string; env?: EnvOverrides } = {}): Promise<Response> {
  const { key, env: overrides, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", randomIp());
  if (key) headers.set("authorization", `Bearer ${key}`);
  const request = new Request(`https://api.example.com${path}`, { ...rest, headers });
  return callWorker(gateway, request, overrides);
}

type Limiter = "RATE_LIMIT_IP" | "RATE_LIMIT_STANDARD" | "RATE_LIMIT_HIGH";

/**
 * The gateway's Rate Limiting bindings as fakes the test controls: each allows `budgets[binding]` calls per key
 * (unlimited by default), and `calls` logs every `limit({ key })` as "BINDING key", in order. Unlike Miniflare's
 * limiter, no 10 s window can turn over between a test's spending and its check.
 */
export function fakeLimiters(budgets: Partial<Record<Limiter, number>> = {}) {
  const calls: string[] = [];
  const fake = (name: Limiter): RateLimit => ({
    async limit({ key }) {
      const call = `${name} ${key}`;
      calls.push(call);
      return { success: calls.filter((c) => c === call).length <= (budgets[name] ?? Infinity) };
    },
  });
  const bindings = { RATE_LIMIT_IP: fake("RATE_LIMIT_IP"), RATE_LIMIT_STANDARD: fake("RATE_LIMIT_STANDARD"), RATE_LIMIT_HIGH: fake("RATE_LIMIT_HIGH") };
  return { calls, bindings };
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

/** A key's id (`key_…`), which names its rate-limit bucket; found by the key's hash, as the gateway finds it. */
export async function keyIdOf(key: string): Promise<string> {
  const row = await env.DB.prepare("SELECT id FROM api_keys WHERE key_hash = ?").bind(await sha256Hex(key)).first<{ id: string }>();
  if (!row) throw new Error("no such key");
  return row.id;
}

/** Asserts a problem+json answer and returns its body. */
export async function problem(res: Response, status: number) {
  const body = (await res.json()) as { status: number; code: string; detail: string; type: string; title: string };
  if (res.status !== status || !res.headers.get("content-type")?.startsWith("application/problem+json") || body.status !== status) {
    throw new Error(`expected problem ${status}, got ${res.status} ${res.headers.get("content-type")} ${JSON.stringify(body)}`);
  }
  return body;
}
