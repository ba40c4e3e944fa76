import type { Context } from "hono";
import { LOG_TENANT } from "../../../shared/http/log";
import { authenticate } from "./auth";
import type { Access } from "./policy";
import { clientBucket } from "../../../shared/http/rate-limit";
import { enforceRateLimit } from "./rate-limit";
import type { KeyRecord } from "./store/keys";
import type { GatewayEnv } from "./types";

/**
 * Lets a request in: authenticates its key (null when the route lets the
 * service verify a token itself), names the tenant for the request log, and
 * spends one request of the key's budget.
 */
export async function admit(c: Context<GatewayEnv>, access: Exclude<Access, "anonymous" | "admin">): Promise<KeyRecord | null> {
  const key = await authenticate(c.env.DB, c.req.raw, access);
  if (!key) return null;
  c.set(LOG_TENANT, { tenantId: key.tenantId, keyKind: key.kind });
  await enforceRateLimit(c.env, key, clientBucket(c.req.raw));
  return key;
}
