import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { createApp } from "./app";
import { requestLog } from "./log";
import { ADMIN_HEADER, KEY_KIND_HEADER, TENANT_HEADER, type Caller, type ServiceVariables } from "./context";
import { ProblemError } from "./problem";
import { problemResponses } from "../schemas/common";

export type ServiceEnv<B> = { Bindings: B; Variables: ServiceVariables };

export interface ServiceAppOptions {
  /** Whether the service has a `DB` (D1) binding: it then also answers `GET /v1/<name>/ping/db`. Default true. */
  db?: boolean;
}

const PingSchema = z.object({ status: z.literal("ok"), service: z.string() }).openapi("Ping");
const PingDbSchema = PingSchema.extend({ tenant: z.string() }).openapi("PingDb");

/**
 * A service Worker's app: problem+json errors, `/health`, its own
 * `/openapi.json` (the gateway merges them into one document), and two
 * operational yardsticks reached through the gateway with any tenant key:
 * `GET /v1/<name>/ping` answers a constant (the cost of an authenticated hop
 * over the service binding) and `GET /v1/<name>/ping/db` adds one indexed
 * point read in D1 (the caller's tenant row by primary key). The bench
 * measures every route against them.
 */
export function createServiceApp<B extends object>(name: string, opts: ServiceAppOptions = {}): OpenAPIHono<ServiceEnv<B>> {
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
  const tags = ["Operations"];
  app.openapi(
    createRoute({
      method: "get",
      path: `/v1/${name}/ping`,
      operationId: `${name}Ping`,
      tags,
      summary: `Answers a constant: the cost of one authenticated hop to the ${name} service (publishable or secret key)`,
      middleware: [requireCaller({ publishable: true })] as const,
      responses: {
        200: { description: "The service is reachable", content: { "application/json": { schema: PingSchema } } },
        ...problemResponses(401, 403, 429),
      },
    }),
    (c) => c.json({ status: "ok" as const, service: name }, 200),
  );
  if (opts.db ?? true) {
    app.openapi(
      createRoute({
        method: "get",
        path: `/v1/${name}/ping/db`,
        operationId: `${name}PingDb`,
        tags,
        summary: `One indexed point read in D1 (the caller's tenant row) through the ${name} service (publishable or secret key)`,
        middleware: [requireCaller({ publishable: true })] as const,
        responses: {
          200: { description: "The service and its database are reachable", content: { "application/json": { schema: PingDbSchema } } },
          ...problemResponses(401, 403, 404, 429),
        },
      }),
      async (c) => {
        const db = (c.env as { DB?: D1Database }).DB;
        if (!db) throw new ProblemError(404, "route_not_found", `The ${name} service has no database.`);
        const row = await db.prepare("SELECT id FROM tenants WHERE id = ?1").bind(c.get("caller").tenantId).first<{ id: string }>();
        if (!row) throw new ProblemError(404, "not_found", "The caller's tenant was not found.");
        return c.json({ status: "ok" as const, service: name, tenant: row.id }, 200);
      },
    );
  }
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
