// Local stack only: lets `npm start` fire each service's cron trigger (scripts/lib/crons.mjs). Under a
// multi-config `wrangler dev` only the first Worker (this gateway) is reachable from outside, and wrangler's own
// `/cdn-cgi/handler/scheduled` runs that Worker's handler only, so the scheduled event reaches a service
// through its binding here. Not in the OpenAPI document: no deployed gateway serves it.
import type { Context, Next } from "hono";
import { ProblemError } from "../../../../shared/http/problem";
import { isServiceName, serviceBinding } from "../services";
import type { GatewayApp, GatewayEnv } from "../types";

/** workerd's `Fetcher#scheduled`: delivers a real scheduled event (the service's `scheduled` handler, its env and ctx). */
export interface ScheduledDispatcher {
  scheduled(options: { scheduledTime?: Date; cron?: string }): Promise<{ outcome: string; noRetry: boolean }>;
}

/**
 * The binding as a dispatcher of scheduled events, or null. Only the experimental compatibility flag
 * `service_binding_extra_handlers` puts `scheduled` on Fetcher.prototype; without it `binding.scheduled` is still
 * a function, but an RPC stub's: it would call the service's `scheduled` method with no env and no ctx, not
 * deliver an event. Experimental flags cannot be deployed to Cloudflare (workerd's compatibility-date.capnp), so
 * this is null on every deployed gateway, whatever its vars say.
 */
export function scheduledDispatcher(binding: unknown): ScheduledDispatcher | null {
  const proto: unknown = binding === null || typeof binding !== "object" ? null : Object.getPrototypeOf(binding);
  return proto !== null && typeof proto === "object" && Object.hasOwn(proto, "scheduled") ? (binding as ScheduledDispatcher) : null;
}

/**
 * Set only by the local stack (`wrangler dev --var`, scripts/lib/stack.mjs). No wrangler.toml names it, so the
 * generated Env does not either.
 */
export const localCronTrigger = (env: object) => (env as { LOCAL_CRON_TRIGGER?: unknown }).LOCAL_CRON_TRIGGER === "true";

/** `time` as wrangler's test route takes it: epoch milliseconds; absent means now. */
function scheduledTime(time: string | undefined): Date {
  if (time === undefined) return new Date();
  const ms = Number(time);
  if (!/^\d{1,15}$/.test(time) || !Number.isSafeInteger(ms)) {
    throw new ProblemError(400, "validation_failed", "The request query is invalid.", [{ path: "query.time", message: "must be epoch milliseconds" }]);
  }
  return new Date(ms);
}

async function fire(c: Context<GatewayEnv>, next: Next) {
  const name = c.req.param("service") ?? "";
  const dispatcher = localCronTrigger(c.env) && isServiceName(name) ? scheduledDispatcher(serviceBinding(c.env, name)) : null;
  // Anything else is the gateway as deployed: the request goes on to the next route, which answers it as before.
  if (!dispatcher) return next();
  const cron = c.req.query("cron") ?? "";
  if (cron.length > 100) throw new ProblemError(400, "validation_failed", "The request query is invalid.", [{ path: "query.cron", message: "at most 100 characters" }]);
  const at = scheduledTime(c.req.query("time"));
  const { outcome } = await dispatcher.scheduled({ cron, scheduledTime: at });
  if (outcome !== "ok") throw new ProblemError(502, "scheduled_failed", `The ${name} service's scheduled handler ended with outcome "${outcome}" (its log says why).`);
  return c.json({ service: name, cron, scheduledTime: at.toISOString(), outcome }, 200);
}

/** `POST /v1/admin/local/scheduled/{service}?cron=&time=`: runs that service's scheduled handler once. */
export function registerLocalScheduled(app: GatewayApp) {
  app.post("/v1/admin/local/scheduled/:service", fire);
}
