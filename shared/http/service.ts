import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { createApp } from "./app";
import { requestLog } from "./log";
import { ADMIN_HEADER, KEY_KIND_HEADER, TENANT_HEADER, type Caller, type ServiceVariables } from "./context";
import { ProblemError } from "./problem";

export type ServiceEnv<B> = { Bindings: B; Variables: ServiceVariables };

/**
 * A service Worker's app: problem+json errors, `/health` and its own
 * `/openapi.json` (the gateway merges them into one document).
 */
export function createServiceApp<B extends object>(name: string): OpenAPIHono<ServiceEnv<B>> {
  const app = createApp<ServiceEnv<B>>();
  app.use("*", async (c, next) => {
    c.set("requestId", c.req.header("x-request-id") ?? crypto.randomUUID());
    await next();
  });
  app.use("*", requestLog(name));
  app.get("/health", (c) => c.json({ status: "ok", service: name }));
  app.get("/openapi.json", (c) =>
    c.json(app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: name, version: "1.0.0" } })),
  );
  return app;
}

/** The caller the gateway authenticated; a request without one never came through the gateway's auth. */
export function callerOf(headers: Headers): Caller | null {
  const tenantId = headers.get(TENANT_HEADER);
  const kind = headers.get(KEY_KIND_HEADER);
  if (!tenantId || (kind !== "secret" && kind !== "publishable")) return null;
  return { tenantId, keyKind: kind };
}

/**
 * Requires an authenticated caller (and a secret key unless `publishable`
 * is allowed). The gateway already enforces this; services check again so a
 * misrouted request fails closed.
 */
export function requireCaller<E extends { Variables: ServiceVariables } = { Variables: ServiceVariables }>(
  opts: { publishable?: boolean } = {},
): MiddlewareHandler<E> {
  return async (c, next) => {
    const caller = callerOf(c.req.raw.headers);
    if (!caller) throw new ProblemError(401, "unauthorized", "Send an API key as `Authorization: Bearer <key>`.");
    if (caller.keyKind === "publishable" && !opts.publishable) {
      throw new ProblemError(403, "secret_key_required", "This endpoint needs a secret key (sk_…).");
    }
    c.set("caller", caller);
    await next();
  };
}

/** Requires the gateway's word that the platform operator's ADMIN_TOKEN was presented. */
export const requireAdmin = (): MiddlewareHandler => async (c, next) => {
  if (c.req.header(ADMIN_HEADER) !== "1") throw new ProblemError(401, "unauthorized", "Admin endpoints need the ADMIN_TOKEN.");
  await next();
};
