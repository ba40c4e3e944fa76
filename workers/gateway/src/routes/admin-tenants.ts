import { createRoute, z } from "@hono/zod-openapi";
import type { GatewayApp } from "../types";
import { problemResponses } from "../../../../shared/schemas/common";
import { createTenant } from "../store/tenants";
import { adminIdempotency, withoutSecrets } from "./admin-idempotency";

const CreateTenantSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    plan: z.enum(["standard", "high"]).default("standard"),
  })
  .openapi("CreateTenant", { example: {"name": "Acme Export Ltd", "plan": "standard"} });

const TenantCreatedSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    plan: z.enum(["standard", "high"]),
    createdAt: z.string(),
    keys: z
      .object({
        secret: z.string().nullable().openapi({ description: "Shown once; only its hash is stored." }),
        publishable: z.string().nullable(),
      })
      .openapi({ description: "The plaintext keys, shown once: null when the answer is an idempotent replay." }),
  })
  .openapi("TenantCreated");

/** A replayed creation names the tenant but not its keys: plaintext keys are never stored. */
const idempotency = adminIdempotency(withoutSecrets({ keys: { secret: null, publishable: null } }));

const route = createRoute({
  method: "post",
  path: "/v1/admin/tenants",
  operationId: "createTenant",
  tags: ["Admin"],
  summary: "Creates a tenant and returns its keys once",
  security: [{ adminToken: [] }],
  middleware: idempotency.middleware,
  request: {
    headers: idempotency.headers,
    body: { required: true, content: { "application/json": { schema: CreateTenantSchema } } },
  },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: TenantCreatedSchema } } },
    ...problemResponses(400, 401, 409),
  },
});

export function registerAdminTenants(app: GatewayApp) {
  app.openapi(route, async (c) => {
    const { name, plan } = c.req.valid("json");
    return c.json(await createTenant(c.env.DB, name, plan), 201);
  });
}
