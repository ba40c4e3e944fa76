import { createRoute } from "@hono/zod-openapi";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import type { ClearanceRequest, ClearanceResult } from "../../../../shared/rpc/ip";
import { clear } from "../domain/clearance";
import { ClearanceInputSchema, ClearanceResultSchema } from "../schemas/clearance";
import { liveTrademarks } from "../store/assets";
import { db } from "../store/db";
import { registerIndex } from "../store/register";
import type { IpApp } from "./app";

/** Clearance for one tenant: the shared register against its text, minus the tenant's own live trademarks; both cached per isolate, so a call does no I/O in the steady state. */
export async function clearForTenant(env: Env, tenantId: string, input: ClearanceRequest): Promise<ClearanceResult> {
  const d = db(env.DB);
  const [index, own] = await Promise.all([registerIndex(d), liveTrademarks(d, tenantId)]);
  return clear(index, own, input);
}

const route = createRoute({
  method: "post",
  path: "/v1/ip/clearance",
  operationId: "checkClearance",
  tags: ["IP"],
  summary: "Check a title and brand against registered marks in the given markets",
  middleware: [requireCaller()],
  request: { body: { required: true, content: { "application/json": { schema: ClearanceInputSchema } } } },
  responses: { 200: { description: "Clearance result", content: { "application/json": { schema: ClearanceResultSchema } } }, ...problemResponses(400, 401, 403) },
});

export function registerClearance(app: IpApp) {
  app.openapi(route, async (c) => c.json(await clearForTenant(c.env, c.get("caller").tenantId, c.req.valid("json")), 200));
}
