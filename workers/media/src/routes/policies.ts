import { createRoute } from "@hono/zod-openapi";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import type { ResidencyPolicy } from "../domain/residency";
import { forgetSnapshot, fromRegistry, registry } from "../registry";
import { PolicyAnswerSchema, PolicySchema } from "../schemas/policy";
import { TAGS, type MediaApp } from "./app";

const put = createRoute({
  method: "put",
  path: "/v1/media/policies",
  operationId: "putPolicies",
  tags: TAGS,
  summary: "Set the tenant's residency policy (replaces the whole policy)",
  description: "Rules are tried in order; the first whose `buyers` covers the buyer's country applies. Without a policy of its own a tenant has the default: EU buyers prefer EU nodes.",
  middleware: [requireCaller()],
  request: { body: { required: true, content: { "application/json": { schema: PolicySchema } } } },
  responses: { 200: { description: "The policy now in force", content: { "application/json": { schema: PolicyAnswerSchema } } }, ...problemResponses(400, 401, 403, 503) },
});

const get = createRoute({
  method: "get",
  path: "/v1/media/policies",
  operationId: "getPolicies",
  tags: TAGS,
  summary: "The tenant's residency policy",
  middleware: [requireCaller()],
  responses: { 200: { description: "The policy in force", content: { "application/json": { schema: PolicyAnswerSchema } } }, ...problemResponses(401, 403, 503) },
});

export function registerPolicies(app: MediaApp) {
  app.openapi(put, async (c) => {
    const { tenantId } = c.get("caller");
    const policy = (await fromRegistry(() => registry(c.env, tenantId).putPolicy(c.req.valid("json")))) as ResidencyPolicy;
    forgetSnapshot(tenantId);
    return c.json({ ...policy, isDefault: false }, 200);
  });
  app.openapi(get, async (c) => {
    const { policy, isDefault } = (await fromRegistry(() => registry(c.env, c.get("caller").tenantId).getPolicy())) as { policy: ResidencyPolicy; isDefault: boolean };
    return c.json({ ...policy, isDefault }, 200);
  });
}
