import { createRoute } from "@hono/zod-openapi";
import { notFound } from "../../../../shared/http/problem";
import { requireAdmin } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import { AssetSchema, OwnershipDecisionSchema } from "../schemas/assets";
import { idParam } from "../schemas/common";
import { decideOwnership } from "../store/assets";
import { db } from "../store/db";
import type { IpApp } from "./app";

const route = createRoute({
  method: "put",
  path: "/v1/admin/ip/assets/{id}/ownership",
  operationId: "decideAssetOwnership",
  tags: ["IP admin"],
  summary: "Verify or reject a tenant's claim to hold a right (after checking the office's record); a decision can be changed",
  description:
    "Owner names and registration numbers are public, so anyone can claim a famous mark. Until the platform operator verifies the claim, the tenant's trademark does not keep the register mark it names from holding the tenant's listings.",
  middleware: [requireAdmin()],
  request: {
    params: idParam("ipa"),
    body: { required: true, content: { "application/json": { schema: OwnershipDecisionSchema } } },
  },
  responses: {
    200: { description: "The right with the decision", content: { "application/json": { schema: AssetSchema } } },
    ...problemResponses(400, 401, 404),
  },
});

export function registerAdminOwnership(app: IpApp) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const asset = await decideOwnership(db(c.env.DB), id, c.req.valid("json"));
    if (!asset) throw notFound(`Asset ${id}`);
    return c.json(asset, 200);
  });
}
