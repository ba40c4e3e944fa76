import { adyenConnector } from "../connectors/adyen";
import { stripeConnector } from "../connectors/stripe";
import type { Connector, Transport } from "../connectors/types";
import type { ProviderName } from "../domain/methods-data";
import { healthPort, type HealthPort } from "../health";
import { db, type Db } from "../store/db";

/** Everything the payment operations touch, so tests can hand in fakes for the providers and their health. */
export interface Deps {
  db: Db;
  connectors: Record<ProviderName, Connector>;
  health: HealthPort;
  now: () => number;
  random: () => number;
  /**
   * Keeps the request alive for `work` after it is answered (the execution context's `waitUntil`); unset, work that
   * could wait is awaited before the answer instead.
   */
  waitUntil?: (work: Promise<unknown>) => void;
}

/**
 * The connectors this deployment uses. Locally (`PROVIDER_TRANSPORT =
 * "simulator"`) they reach the provider simulator over its service binding;
 * in production the same code uses global `fetch`, the live base URLs and the
 * secrets put with `wrangler secret put`.
 */
export function connectorsOf(env: Env): Record<ProviderName, Connector> {
  const viaSim = env.PROVIDER_TRANSPORT === "simulator";
  const sim = env.PROVIDER_SIM;
  if (viaSim && !sim) throw new Error("PROVIDER_TRANSPORT is simulator but PROVIDER_SIM is not bound");
  const transport = (baseUrl: string, secret: string): Transport => ({
    baseUrl,
    secret,
    fetch: viaSim ? (input, init) => sim!.fetch(input as RequestInfo, init) : fetch,
    timeoutMs: Number(env.PROVIDER_TIMEOUT_MS) || 10_000,
    merchantAccount: env.ADYEN_MERCHANT_ACCOUNT,
  });
  return {
    stripe: stripeConnector(transport(setting(env, "STRIPE_API_BASE"), setting(env, "STRIPE_SECRET_KEY"))),
    adyen: adyenConnector(transport(setting(env, "ADYEN_API_BASE"), setting(env, "ADYEN_API_KEY"))),
  };
}

export const depsOf = (env: Env): Deps => ({
  db: db(env.DB),
  connectors: connectorsOf(env),
  health: healthPort(env),
  now: Date.now,
  random: Math.random,
});

export const iso = (ms: number) => new Date(ms).toISOString();

/** A configured string (var or secret); a missing one is a deployment error, said by name. */
export function setting(env: Env, name: "STRIPE_API_BASE" | "STRIPE_SECRET_KEY" | "ADYEN_API_BASE" | "ADYEN_API_KEY" | "STRIPE_WEBHOOK_SECRET" | "ADYEN_HMAC_KEY"): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not configured (wrangler secret put ${name})`);
  return value;
}
