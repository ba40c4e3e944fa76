import { createRoute } from "@hono/zod-openapi";
import { COUNTRY_HEADER, LOCATION_HEADER } from "../../../../shared/http/context";
import { ProblemError } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import { resolveOrigin, roomAnchor } from "../domain/location";
import { eligibility, nearestItems } from "../domain/nearest";
import type { ResidencyRule } from "../domain/residency";
import { placementPool } from "../domain/rooms";
import { liveSnapshot, roomPlacement } from "../registry";
import { isTenantRoom } from "../store/room-directory";
import { NearestQuerySchema, NearestSchema } from "../schemas/nearest";
import { TAGS, type MediaApp } from "./app";

const route = createRoute({
  method: "get",
  path: "/v1/media/nearest",
  operationId: "findNearestNodes",
  tags: TAGS,
  summary: "The best healthy media nodes with room for this buyer, best first",
  description:
    "Location: `peers` (a 1v1), else `lat`/`lon`, else the edge's location, else the centroid of `country` or the edge's country. " +
    "Residency rules match the buyer's country: with a publishable key (the buyer's own device) the edge's country when known, else `country`; with a secret key (a server calling for a buyer) `country`, else the edge's. " +
    "Nodes are ranked by estimated RTT (great circle × 1.5 route inflation over fibre at ~204,000 km/s, plus a per-region overhead) plus a load penalty; " +
    "nodes at ≥ 90 % load, unhealthy or silent past the TTL are not offered. Served from a per-isolate snapshot at most `SNAPSHOT_MAX_AGE_MS` (1 s) old.",
  middleware: [requireCaller({ publishable: true })],
  request: { query: NearestQuerySchema },
  responses: { 200: { description: "Nodes, best first", content: { "application/json": { schema: NearestSchema } } }, ...problemResponses(400, 401, 503) },
});

const describe = (r: ResidencyRule) => `buyers ${JSON.stringify(r.buyers)} → nodes ${JSON.stringify(r.nodes)}`;

export function registerNearest(app: MediaApp) {
  app.openapi(route, async (c) => {
    const { tenantId, keyKind } = c.get("caller");
    const q = c.req.valid("query");
    const where = { ...q, edgeLocation: c.req.header(LOCATION_HEADER), edgeCountry: c.req.header(COUNTRY_HEADER), onBuyersDevice: keyKind === "publishable" };
    const origin = resolveOrigin(where);
    const snap = await liveSnapshot(c.env, tenantId, (work) => c.executionCtx.waitUntil(work));
    const now = Date.now();
    const lookup = eligibility(snap.index, now, snap.policy, origin.country);
    const { residency } = lookup;
    if (residency.kind === "unsatisfiable") {
      throw new ProblemError(503, "residency_unsatisfiable", `No node allowed for a buyer in ${origin.country} is up (residency rule ${residency.index}: ${describe(residency.rule)}); none elsewhere will be offered.`, undefined, { "retry-after": "5" });
    }
    if (lookup.offered.length === 0) throw new ProblemError(503, "no_node_available", "No media node is healthy, heard from within its TTL and has room.", undefined, { "retry-after": "5" });
    let room;
    if (q.room) {
      const roomId = q.room;
      const offeredIds = new Set(lookup.offered.map((i) => snap.index.nodes[i]!.id));
      const placed = await roomPlacement(c.env, tenantId, roomId, {
        anchor: roomAnchor(where, origin),
        country: origin.country,
        vouches: keyKind === "secret",
        // A buyer's device places an id the tenant did not make too, but only among other such ids.
        pool: () => placementPool(where.onBuyersDevice, () => isTenantRoom(c.env.DB, tenantId, roomId, Number(c.env.SNAPSHOT_MAX_AGE_MS))),
      }, offeredIds);
      const nodeId = placed?.assignment.nodeId ?? null;
      const allowed = nodeId !== null && lookup.allowed.some((i) => snap.index.nodes[i]!.id === nodeId);
      room = { id: roomId, nodeId, status: allowed ? placed!.status : ("not-allowed" as const) };
    }
    const { items, changedChoice } = nearestItems(snap.index, lookup, origin.parties, q.count, room?.status === "not-allowed" ? null : (room?.nodeId ?? null));
    return c.json(
      {
        items,
        origin: { source: origin.source, country: origin.country, parties: origin.parties },
        policy: residency.kind === "applied" ? { rule: residency.index, changedChoice, fellBack: residency.fellBack } : { rule: null, changedChoice: false, fellBack: false },
        ...(room ? { room } : {}),
        snapshotAgeMs: Math.max(0, now - snap.at),
      },
      200,
    );
  });
}
