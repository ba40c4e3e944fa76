import { ruleFor } from "./policy";

type Operation = { security?: unknown[]; responses?: Record<string, unknown>; requestBody?: unknown; tags?: string[] };
export type OpenApiDoc = {
  info?: Record<string, unknown>;
  paths?: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: { name: string; description: string }[];
};

const METHODS = ["get", "put", "post", "patch", "delete", "head", "options"];

/** The security schemes every credential of the platform appears as. */
export const SECURITY_SCHEMES = {
  secretKey: { type: "http", scheme: "bearer", description: "A secret key, sk_…: server side, full access to the tenant's data." },
  publishableKey: { type: "http", scheme: "bearer", description: "A publishable key, pk_…: safe in a browser or app, public reads only." },
  adminToken: { type: "http", scheme: "bearer", description: "The platform operator's ADMIN_TOKEN." },
  chatToken: { type: "apiKey", in: "query", name: "token", description: "A chat token from POST /v1/chat/tokens, for one app user and named rooms." },
  feedToken: { type: "apiKey", in: "query", name: "token", description: "A calendar feed token from GET /v1/ip/deadlines/feed." },
};

const TAGS: Record<string, string> = {
  Platform: "Health, identity and the API's own description.",
  Operations: "Liveness of each service through the gateway: the bench's hop and D1 yardsticks.",
  Admin: "Platform-operator routes, guarded by the ADMIN_TOKEN.",
  Catalog: "Localized listings served from the edge.",
  Payments: "Payment methods, routing and idempotent intents.",
  Media: "The nearest healthy media node for live shopping, consults and voice rooms.",
  Chat: "Rooms with ordered, resumable delivery.",
  IP: "Rights, clearance, the evidence ledger, enforcement and complaints.",
};

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

/**
 * Writes each operation's credentials, and the problems the gateway itself can
 * answer with, from the one access policy the gateway enforces: the document
 * cannot promise a route is public while the gateway guards it, or the reverse.
 */
export function documentAccess(doc: OpenApiDoc): OpenApiDoc {
  doc.components ??= {};
  doc.components.securitySchemes = { ...SECURITY_SCHEMES };
  doc.info = { ...doc.info, license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" } };
  doc.tags = Object.entries(TAGS).map(([name, description]) => ({ name, description }));
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      if (!METHODS.includes(method)) continue;
      const responses = (op.responses ??= {});
      const add = (status: number, description: string) => (responses[status] ??= problem(description));
      if (!path.startsWith("/v1/")) {
        op.security ??= [];
        continue;
      }
      const rule = ruleFor(method.toUpperCase(), path.replace(/\{[^}]+\}/g, "x"));
      if (!op.security) {
        op.security =
          rule.access === "anonymous"
            ? []
            : rule.access === "admin"
              ? [{ adminToken: [] }]
              : rule.access === "publishable"
                ? [{ publishableKey: [] }, { secretKey: [] }]
                : rule.access === "secret-or-token"
                  ? [{ secretKey: [] }, { [rule.token ?? "chatToken"]: [] }]
                  : [{ secretKey: [] }];
      }
      if (rule.access !== "anonymous") add(401, "No credential, or one this platform does not know");
      if (rule.access === "secret" || rule.access === "secret-or-token") add(403, "A publishable key on a route that needs a secret key");
      // Every /v1 request spends its client IP's budget before auth, and a key's budget after.
      add(429, "Over the client's or the key's request budget; see Retry-After");
      if (op.requestBody) add(413, "The body is larger than the API accepts");
    }
  }
  return doc;
}
