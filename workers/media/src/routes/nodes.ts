import { createRoute, z } from "@hono/zod-openapi";
import { decodeCursor, encodeCursor } from "../../../../shared/cursor";
import { notFound, ProblemError } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { CursorSchema, LimitSchema, listOf, problemResponses } from "../../../../shared/schemas/common";
import { MAX_NODES, type NodeView } from "../do/registry";
import { forgetSnapshot, fromRegistry, registry } from "../registry";
import { NodeIdParam, NodeInputSchema, NodeSchema } from "../schemas/nodes";
import { TAGS, type MediaApp } from "./app";

const put = createRoute({
  method: "put",
  path: "/v1/media/nodes/{nodeId}",
  operationId: "putNode",
  tags: TAGS,
  summary: "Register or replace a media node (idempotent)",
  middleware: [requireCaller()],
  request: { params: NodeIdParam, body: { required: true, content: { "application/json": { schema: NodeInputSchema } } } },
  responses: {
    200: { description: "Replaced", content: { "application/json": { schema: NodeSchema } } },
    201: { description: "Registered", content: { "application/json": { schema: NodeSchema } } },
    ...problemResponses(400, 401, 403, 409, 503),
  },
});

const get = createRoute({
  method: "get",
  path: "/v1/media/nodes/{nodeId}",
  operationId: "getNode",
  tags: TAGS,
  summary: "One media node with its last heartbeat",
  middleware: [requireCaller()],
  request: { params: NodeIdParam },
  responses: { 200: { description: "The node", content: { "application/json": { schema: NodeSchema } } }, ...problemResponses(400, 401, 403, 404, 503) },
});

const list = createRoute({
  method: "get",
  path: "/v1/media/nodes",
  operationId: "listNodes",
  tags: TAGS,
  summary: "The tenant's media nodes, in id order, a page at a time",
  middleware: [requireCaller()],
  request: { query: z.object({ limit: LimitSchema, cursor: CursorSchema.optional() }) },
  responses: { 200: { description: "A page of nodes", content: { "application/json": { schema: listOf(NodeSchema, "MediaNodeList") } } }, ...problemResponses(400, 401, 403, 503) },
});

const remove = createRoute({
  method: "delete",
  path: "/v1/media/nodes/{nodeId}",
  operationId: "deleteNode",
  tags: TAGS,
  summary: "Remove a media node; rooms on it move on their next lookup",
  middleware: [requireCaller()],
  request: { params: NodeIdParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404, 503) },
});

const CursorValue = z.object({ after: z.string() });

export function registerNodes(app: MediaApp) {
  app.openapi(put, async (c) => {
    const { tenantId } = c.get("caller");
    const body = c.req.valid("json");
    const put = (await fromRegistry(() => registry(c.env, tenantId).putNode({ ...body, id: c.req.valid("param").nodeId, residency: body.residency ?? null }))) as { created: boolean; node: NodeView } | null;
    if (!put) throw new ProblemError(409, "node_limit_reached", `A tenant registers at most ${MAX_NODES} media nodes; delete one before registering another.`);
    const { created, node } = put;
    forgetSnapshot(tenantId);
    return c.json(node, created ? 201 : 200);
  });
  app.openapi(get, async (c) => {
    const { nodeId } = c.req.valid("param");
    const node = (await fromRegistry(() => registry(c.env, c.get("caller").tenantId).getNode(nodeId))) as NodeView | null;
    if (!node) throw notFound(`Node ${nodeId}`);
    return c.json(node, 200);
  });
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = cursor ? decodeCursor(cursor, CursorValue).after : undefined;
    const rows = (await fromRegistry(() => registry(c.env, c.get("caller").tenantId).listNodes(after, limit + 1))) as NodeView[];
    const items = rows.slice(0, limit);
    return c.json({ items, nextCursor: rows.length > limit ? encodeCursor({ after: items[items.length - 1]!.id }) : null }, 200);
  });
  app.openapi(remove, async (c) => {
    const { tenantId } = c.get("caller");
    const { nodeId } = c.req.valid("param");
    if (!(await fromRegistry(() => registry(c.env, tenantId).deleteNode(nodeId)))) throw notFound(`Node ${nodeId}`);
    forgetSnapshot(tenantId);
    return c.body(null, 204);
  });
}
