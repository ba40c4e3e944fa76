import { env } from "cloudflare:workers";
import { callWorker } from "../../../shared/testing/call-worker";
import { signAdyen, signStripe, type AdyenItem } from "../../../shared/payments/signatures";
import worker from "../src/index";

export const ENV = env as unknown as Env;

/** A fresh tenant id: the service trusts the gateway's headers, so a test tenant is just an id. */
export const newTenantId = () => `ten_test_${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}`;

export interface CallInit extends RequestInit {
  tenant?: string;
  kind?: "secret" | "publishable";
  admin?: boolean;
  json?: unknown;
  key?: string;
}

/** Calls the payments Worker the way the gateway does after authenticating a key (its own handler: see callWorker). */
export function call(path: string, init: CallInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.tenant) {
    headers.set("x-ecp-tenant", init.tenant);
    headers.set("x-ecp-key-kind", init.kind ?? "secret");
  }
  if (init.admin) headers.set("x-ecp-admin", "1");
  if (init.key) headers.set("idempotency-key", init.key);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return callWorker(worker, new Request(`https://payments.internal${path}`, { ...init, headers, body }));
}

export type Intent = {
  id: string;
  status: string;
  amount: number;
  amountCaptured: number;
  amountRefunded: number;
  provider: string | null;
  route: { provider: string; fallbacks: string[]; trace: string[] };
  attempts: { attemptNo: number; provider: string; status: string; outcome: string; idempotencyKey: string; providerRef: string | null }[];
};

export async function json<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Creates an intent (fresh Idempotency-Key) and returns it. */
export async function createIntent(tenant: string, body: Record<string, unknown> = {}) {
  const res = await call("/v1/payments/intents", { method: "POST", tenant, key: crypto.randomUUID(), json: { amount: 2500, currency: "EUR", country: "NL", method: "ideal", ...body } });
  return json<Intent>(res, 201);
}

/** Where the tests' storefront has buyers sent back after a redirect (iDEAL, the tests' default method, needs one). */
export const RETURN_URL = "https://shop.example/checkout/return?order=42";

/** Confirms an intent as a storefront does, with its `returnUrl` unless `body` says otherwise. */
export const confirm = (tenant: string, id: string, body: { returnUrl?: string } = { returnUrl: RETURN_URL }, init: CallInit = {}) =>
  call(`/v1/payments/intents/${id}/confirm`, { method: "POST", tenant, json: body, ...init });

/** Sets the simulator's scenario through the admin route. */
export async function scenario(s: Record<string, { mode: string; latencyMs?: number; answerAfterMs?: number }>) {
  await json(await call("/v1/admin/payments/simulator", { method: "PUT", admin: true, json: s }), 200);
}

/** Normal scenario, and provider health forgotten. */
export async function resetSim() {
  await json(await call("/v1/admin/payments/simulator/reset", { method: "POST", admin: true }), 200);
}

/** The simulator's charges for one of our intents. */
export async function simCharges(reference: string) {
  const res = await ENV.PROVIDER_SIM!.fetch(`http://provider-sim/_sim/charges?reference=${reference}`);
  return ((await res.json()) as { items: { status: string; provider: string; captured: number; refunded: number }[] }).items;
}

/** A Stripe webhook delivery signed as Stripe signs it. */
export async function stripeWebhook(event: unknown, opts: { t?: number; secret?: string } = {}) {
  const body = JSON.stringify(event);
  const sig = await signStripe(body, opts.secret ?? ENV.STRIPE_WEBHOOK_SECRET!, opts.t ?? Math.floor(Date.now() / 1000));
  return call("/v1/payments/webhooks/stripe", { method: "POST", body, headers: { "stripe-signature": sig, "content-type": "application/json" } });
}

/** An Adyen notification with one item, HMAC-signed. */
export async function adyenWebhook(item: Omit<AdyenItem, "additionalData">) {
  const hmacSignature = await signAdyen(item, ENV.ADYEN_HMAC_KEY!);
  return call("/v1/payments/webhooks/adyen", { method: "POST", json: { live: "false", notificationItems: [{ NotificationRequestItem: { ...item, additionalData: { hmacSignature } } }] } });
}

/**
 * Has the simulator's Adyen decide what it received for one of our intents (or fail later what it did) and
 * delivers the notifications it signed to the webhook, as Adyen would; the webhook's answers' statuses.
 */
export async function adyenNotifies(reference: string, outcome: "success" | "failure" | "failed_later") {
  const res = await ENV.PROVIDER_SIM!.fetch(`http://provider-sim/_sim/adyen/notifications?reference=${reference}`, { method: "POST", body: JSON.stringify({ outcome }) });
  const { notifications } = await json<{ notifications: unknown[] }>(res, 200);
  const statuses: number[] = [];
  for (const n of notifications) statuses.push((await call("/v1/payments/webhooks/adyen", { method: "POST", json: n })).status);
  return statuses;
}

/** Waits until `check` holds, asking every 25 ms; fails after `ms` (what a fixed sleep would have had to guess). */
export async function until(check: () => Promise<boolean>, ms = 10_000) {
  for (const end = Date.now() + ms; !(await check()); ) {
    if (Date.now() > end) throw new Error(`not so after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
