import type { Context, MiddlewareHandler } from "hono";
import { ProblemError } from "../../../shared/http/problem";
import { addressBucket } from "../../../shared/http/address-bucket";
import { clientIp, secondsToNextWindow } from "../../../shared/http/rate-limit";
import type { KeyRecord } from "./store/keys";

/** The window of the rate-limit bindings in wrangler.toml, in seconds. */
const PERIOD_SECONDS = 10;


const isLoopback = (ip: string) => /^127\./.test(ip) || ip === "::1" || ip === "::ffff:127.0.0.1";

function tooMany(what: string): ProblemError {
  const retryAfter = secondsToNextWindow(PERIOD_SECONDS);
  return new ProblemError(429, "rate_limited", `${what}; retry in ${retryAfter} s.`, undefined, { "retry-after": String(retryAfter) });
}

/**
 * The per-client-IP budget, spent before any credential is looked at: random
 * keys cost a D1 lookup each only within it, and token routes (chat
 * `?token=`, calendar feeds) pass it like every other. The local stack's
 * loopback clients (the bench, e2e) are exempt only where
 * EXEMPT_LOOPBACK_IP_LIMIT says so (wrangler.toml: "false").
 */
export function ipRateLimit(): MiddlewareHandler<{ Bindings: Env }> {
  return async (c: Context<{ Bindings: Env }>, next) => {
    const ip = clientIp(c.req.raw);
    const exemptLoopback = (c.env.EXEMPT_LOOPBACK_IP_LIMIT as string) === "true";
    if (!(exemptLoopback && isLoopback(ip))) {
      const { success } = await c.env.RATE_LIMIT_IP.limit({ key: addressBucket(ip) });
      if (!success) throw tooMany("This address has used its request budget");
    }
    await next();
  };
}

/**
 * Spends one request of the key's budget. A publishable key is public (it
 * ships in every storefront), so its budget is per key and client (an address,
 * or an IPv6 /64: `clientBucket`): whoever copies it spends only their own
 * share, never the storefront's buyers'. A secret key's budget is the key's.
 */
export async function enforceRateLimit(env: Env, key: KeyRecord, client: string): Promise<void> {
  const limiter = key.plan === "high" ? env.RATE_LIMIT_HIGH : env.RATE_LIMIT_STANDARD;
  const { success } = await limiter.limit({ key: key.kind === "publishable" ? `${key.keyId}@${client}` : key.keyId });
  if (!success) throw tooMany("This key has used its request budget");
}
