import { cors } from "hono/cors";
import { createApp } from "../../../shared/http/app";
import { requestLog } from "../../../shared/http/log";
import { ProblemError } from "../../../shared/http/problem";
import { admit } from "./admit";
import { bearer, isAdminToken } from "./auth";
import { accessFor } from "./policy";
import { trustsClientLocation } from "./edge";
import { forward } from "./proxy";
import { ipRateLimit } from "./rate-limit";
import { requestId } from "./request-id";
import { registerAdminKeys } from "./routes/admin-keys";
import { registerAdminTenants } from "./routes/admin-tenants";
import { registerDocs } from "./routes/docs";
import { registerHealth } from "./routes/health";
import { registerLocalScheduled } from "./routes/local-scheduled";
import { registerWhoami } from "./routes/whoami";
import { isServiceName, serviceBinding, type ServiceName } from "./services";
import type { GatewayEnv } from "./types";
import type { KeyRecord } from "./store/keys";
import type { Context } from "hono";

const app = createApp<GatewayEnv>();

app.use("*", requestId());
app.use("*", requestLog("gateway", (c) => c.env.METRICS));
app.use(
  "*",
  cors({
    origin: "*",
    allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "Accept-Language", "If-None-Match", "If-Match", "X-Country", "X-Location"],
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    exposeHeaders: ["X-Request-Id", "Retry-After", "ETag", "Content-Language", "Idempotent-Replayed", "Location"],
    maxAge: 86400,
  }),
);

// Before any credential is read: every API request spends its client address's budget first. So does the
// anonymous health check, which costs a call to every service.
app.use("/v1/*", ipRateLimit());
app.use("/health", ipRateLimit());

app.use("/v1/admin/*", async (c, next) => {
  if (!(await isAdminToken(bearer(c.req.raw), c.env.ADMIN_TOKEN))) {
    throw new ProblemError(401, "unauthorized", "Admin endpoints need `Authorization: Bearer <ADMIN_TOKEN>`.");
  }
  await next();
});

registerHealth(app);
registerDocs(app);
registerAdminTenants(app);
registerAdminKeys(app);
registerWhoami(app);
// Local stack only (a 404 like any unknown admin path elsewhere): fires a service's cron trigger.
registerLocalScheduled(app);

/** Hands the request to a service with whatever the gateway established about the caller. */
const forwardTo = (c: Context<GatewayEnv>, service: ServiceName | Fetcher, key: KeyRecord | null, admin: boolean, oversize: "refuse" | "tell" = "refuse") =>
  forward(typeof service === "string" ? serviceBinding(c.env, service) : service, c.req.raw, {
    key,
    admin,
    requestId: c.get("requestId"),
    maxBodyBytes: Number(c.env.MAX_BODY_BYTES),
    trustClientLocation: trustsClientLocation(c.env),
    oversize,
  });

// The storefront and the seller console (workers/storefront) render their own pages; their scripts
// are bundled into this Worker's assets (scripts/lib/workers.mjs). Forwarded like an API call, so the
// storefront learns the buyer's country and location only from the gateway's trusted x-ecp-* headers.
for (const path of ["/", "/p/*", "/checkout/*", "/live/*", "/ask", "/ask/*", "/chat/*", "/console", "/console/*"]) {
  // Pages spend the client's budget too: a post refused before any API call (a bad form, no session) would
  // otherwise cost two invocations and a body read, unbounded.
  app.use(path, ipRateLimit());
  // A form post over the body limit reaches the storefront without its body, so the seller reads a page, not JSON.
  app.all(path, (c) => forwardTo(c, c.env.STOREFRONT, null, false, "tell"));
}
app.get("/sf/:file{[a-z-]+\\.js}", (c) => c.env.ASSETS.fetch(c.req.raw));

/** Platform-operator routes owned by a service: the admin guard above already ran. */
app.all("/v1/admin/marks", (c) => forwardTo(c, "ip", null, true));
app.all("/v1/admin/ip/*", (c) => forwardTo(c, "ip", null, true));
app.all("/v1/admin/payments/*", (c) => forwardTo(c, "payments", null, true));

app.all("/v1/:service/*", async (c) => {
  const name = c.req.param("service");
  if (!isServiceName(name)) {
    throw new ProblemError(404, "route_not_found", `No API is served under /v1/${name}.`);
  }
  const path = new URL(c.req.url).pathname;
  const access = accessFor(c.req.method, path);
  const key = access === "anonymous" || access === "admin" ? null : await admit(c, access);
  return forwardTo(c, name, key, false);
});

export default app satisfies ExportedHandler<Env>;
