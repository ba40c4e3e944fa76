import { createRoute, z } from "@hono/zod-openapi";
import { notFound } from "../../../../shared/http/problem";
import { idPattern } from "../../../../shared/ids";
import { problemResponses } from "../../../../shared/schemas/common";
import { forgetKey } from "../auth";
import { issueKey, listKeys, revokeKey } from "../store/keys";
import type { GatewayApp } from "../types";
import { adminIdempotency, withoutSecrets } from "./admin-idempotency";

const TenantParam = z.object({ tenantId: z.string().regex(idPattern("ten"), "must be a tenant id (ten_…)") });
const KeyParam = TenantParam.extend({ keyId: z.string().regex(idPattern("key"), "must be a key id (key_…)") });

const KeySchema = z
  .object({ id: z.string(), kind: z.enum(["secret", "publishable"]), hint: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })
  .openapi("ApiKey");

const security = [{ adminToken: [] }];

/** A replayed issue names the key but not its plaintext, which is never stored. */
const idempotency = adminIdempotency(withoutSecrets({ key: null }));

const list = createRoute({
  method: "get",
  path: "/v1/admin/tenants/{tenantId}/keys",
  operationId: "listTenantKeys",
  tags: ["Admin"],
  summary: "A tenant's keys (hints only: secrets are never stored)",
  security,
  request: { params: TenantParam },
  responses: { 200: { description: "Keys", content: { "application/json": { schema: z.object({ items: z.array(KeySchema) }) } } }, ...problemResponses(400, 401, 404) },
});

const issue = createRoute({
  method: "post",
  path: "/v1/admin/tenants/{tenantId}/keys",
  operationId: "createTenantKey",
  tags: ["Admin"],
  summary: "Issues a new key for a tenant (rotation: issue, deploy it, then revoke the old one); shown once",
  security,
  middleware: idempotency.middleware,
  request: { params: TenantParam, headers: idempotency.headers, body: { required: true, content: { "application/json": { schema: z.object({ kind: z.enum(["secret", "publishable"]) }).openapi("IssueKey", { example: {"kind": "secret"} }) } } } },
  responses: {
    201: { description: "Issued", content: { "application/json": { schema: KeySchema.omit({ revokedAt: true }).extend({ key: z.string().nullable().openapi({ description: "The plaintext key, shown once (only its hash is stored): null when the answer is an idempotent replay." }) }).openapi("IssuedKey") } } },
    ...problemResponses(400, 401, 404),
  },
});

const revoke = createRoute({
  method: "delete",
  path: "/v1/admin/tenants/{tenantId}/keys/{keyId}",
  operationId: "revokeTenantKey",
  tags: ["Admin"],
  summary: "Revokes a key: refused here at once, everywhere within 30 s (the gateway's key cache)",
  security,
  request: { params: KeyParam },
  responses: { 204: { description: "Revoked" }, ...problemResponses(400, 401, 404) },
});

export function registerAdminKeys(app: GatewayApp) {
  app.openapi(list, async (c) => {
    const items = await listKeys(c.env.DB, c.req.valid("param").tenantId);
    if (!items) throw notFound("Tenant");
    return c.json({ items }, 200);
  });
  app.openapi(issue, async (c) => {
    const minted = await issueKey(c.env.DB, c.req.valid("param").tenantId, c.req.valid("json").kind);
    if (!minted) throw notFound("Tenant");
    const { id, kind, hint, createdAt } = minted.row;
    return c.json({ id: id!, kind, hint, createdAt, key: minted.plaintext }, 201);
  });
  app.openapi(revoke, async (c) => {
    const { tenantId, keyId } = c.req.valid("param");
    const keyHash = await revokeKey(c.env.DB, tenantId, keyId);
    if (!keyHash) throw notFound("Key");
    forgetKey(keyHash);
    return c.body(null, 204);
  });
}
