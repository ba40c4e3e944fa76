import { createRoute } from "@hono/zod-openapi";
import { notFound } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import { forgetSnapshot, fromRegistry, registry } from "../registry";
import { HeartbeatBatchResultSchema, HeartbeatBatchSchema, HeartbeatResultSchema, HeartbeatSchema, NodeIdParam } from "../schemas/nodes";
import { TAGS, type MediaApp } from "./app";

const route = createRoute({
  method: "post",
  path: "/v1/media/nodes/{nodeId}/heartbeat",
  operationId: "heartbeatNode",
  tags: TAGS,
  summary: "A node's heartbeat: its load and health, every few seconds",
  description: "A node not heard from within the TTL (15 s) is no longer offered. Heartbeats are served from the tenant's registry object's memory and written behind (at most every 3 s, at once when a node turns unhealthy or full), so a restarted registry offers the nodes that were live.",
  middleware: [requireCaller()],
  request: { params: NodeIdParam, body: { required: true, content: { "application/json": { schema: HeartbeatSchema } } } },
  responses: { 200: { description: "Recorded", content: { "application/json": { schema: HeartbeatResultSchema } } }, ...problemResponses(400, 401, 403, 404, 503) },
});

const batch = createRoute({
  method: "post",
  path: "/v1/media/heartbeats",
  operationId: "heartbeatNodes",
  tags: TAGS,
  summary: "Many nodes' heartbeats in one request (up to 500)",
  description: "For a fleet controller that speaks for its nodes: 1,000 nodes every 5 s become 2 requests every 5 s instead of 200 a second. Unknown node ids are listed, not fatal.",
  middleware: [requireCaller()],
  request: { body: { required: true, content: { "application/json": { schema: HeartbeatBatchSchema } } } },
  responses: { 200: { description: "Recorded", content: { "application/json": { schema: HeartbeatBatchResultSchema } } }, ...problemResponses(400, 401, 403, 503) },
});

export function registerHeartbeat(app: MediaApp) {
  app.openapi(batch, async (c) => {
    const { tenantId } = c.get("caller");
    const items = c.req.valid("json").items.map(({ sentAt, ...b }) => ({ ...b, ...(sentAt ? { sentAt: Date.parse(sentAt) } : {}) }));
    const { accepted, unknown, stale, changed } = await fromRegistry(() => registry(c.env, tenantId).heartbeats(items));
    if (changed) forgetSnapshot(tenantId);
    return c.json({ accepted, unknown, stale }, 200);
  });
  app.openapi(route, async (c) => {
    const { tenantId } = c.get("caller");
    const { nodeId } = c.req.valid("param");
    const { load, healthy, sentAt } = c.req.valid("json");
    const beat = await fromRegistry(() => registry(c.env, tenantId).heartbeat(nodeId, load, healthy, sentAt ? Date.parse(sentAt) : undefined));
    if (!beat) throw notFound(`Node ${nodeId}`);
    // Steady heartbeats reach lookups within the snapshot age; a node that just became
    // (un)available is seen by this isolate's next lookup at once.
    if (beat.changed) forgetSnapshot(tenantId);
    return c.json({ id: nodeId, offered: beat.offered, expiresAt: new Date(beat.expiresAt).toISOString(), stale: beat.stale }, 200);
  });
}
