import { createRoute, z } from "@hono/zod-openapi";
import { conflict, notFound } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { commitIdempotent, idempotencyHeaders, idempotent } from "../../../../shared/idempotency/middleware";
import { CursorSchema, LimitSchema, listOf, problemResponses } from "../../../../shared/schemas/common";
import { AssetInputSchema, AssetSchema } from "../schemas/assets";
import { idParam } from "../schemas/common";
import { assetCount, forgetOwnTrademarks, getAsset, listAssets, MAX_ASSETS_PER_TENANT, newAsset } from "../store/assets";
import { db } from "../store/db";
import { afterOf, page, type IpApp } from "./app";

const create = createRoute({
  method: "post",
  path: "/v1/ip/assets",
  operationId: "createAsset",
  tags: ["IP"],
  summary: "Register a right (trademark, patent, design, copyright) in the tenant's registry",
  description: `A registry holds at most ${MAX_ASSETS_PER_TENANT.toLocaleString("en")} rights; past that a create is a 409 \`asset_limit_reached\`.`,
  middleware: [requireCaller(), idempotent()] as const,
  request: { headers: idempotencyHeaders(false), body: { required: true, content: { "application/json": { schema: AssetInputSchema } } } },
  responses: { 201: { description: "Created", content: { "application/json": { schema: AssetSchema } } }, ...problemResponses(400, 401, 403, 409) },
});

const list = createRoute({
  method: "get",
  path: "/v1/ip/assets",
  operationId: "listAssets",
  tags: ["IP"],
  summary: "List the tenant's rights",
  middleware: [requireCaller()],
  request: { query: z.object({ limit: LimitSchema, cursor: CursorSchema.optional() }) },
  responses: { 200: { description: "A page of rights", content: { "application/json": { schema: listOf(AssetSchema, "IpAssetList") } } }, ...problemResponses(400, 401, 403) },
});

const get = createRoute({
  method: "get",
  path: "/v1/ip/assets/{id}",
  operationId: "getAsset",
  tags: ["IP"],
  summary: "One right",
  middleware: [requireCaller()],
  request: { params: idParam("ipa") },
  responses: { 200: { description: "The right", content: { "application/json": { schema: AssetSchema } } }, ...problemResponses(401, 403, 404) },
});

export function registerAssets(app: IpApp) {
  app.openapi(create, async (c) => {
    const tenantId = c.get("caller").tenantId;
    const d = db(c.env.DB);
    const { asset, writes } = newAsset(d, tenantId, c.req.valid("json"));
    // The right and the answer a retry replays go in one batch: nothing between them can free the key for a second right.
    const res = c.json(asset, 201);
    try {
      const committed = await commitIdempotent(c, d, writes, res);
      forgetOwnTrademarks(tenantId);
      return committed.response as typeof res;
    } catch (err) {
      if ((await assetCount(d, tenantId)) >= MAX_ASSETS_PER_TENANT) {
        throw conflict("asset_limit_reached", `A registry holds at most ${MAX_ASSETS_PER_TENANT.toLocaleString("en")} rights, and this tenant's is full.`);
      }
      throw err;
    }
  });
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await listAssets(db(c.env.DB), c.get("caller").tenantId, limit + 1, afterOf(cursor));
    return c.json(page(rows, limit), 200);
  });
  app.openapi(get, async (c) => {
    const asset = await getAsset(db(c.env.DB), c.get("caller").tenantId, c.req.valid("param").id);
    if (!asset) throw notFound(`Asset ${c.req.valid("param").id}`);
    return c.json(asset, 200);
  });
}
