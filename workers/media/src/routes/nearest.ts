import { createRoute } from "@hono/zod-openapi";
import { COUNTRY_HEADER, LOCATION_HEADER } from "../../../../shared/http/context";
import { ProblemError } from "../../../../shared/http/problem";
import { clientIp } from "../../../../shared/http/rate-limit";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import { clientPrefix } from "../domain/client";
import { resolveOrigin, roomAnchor } from "../domain/location";
import { eligibility, keepable, nearestItems, pinRoom, type Lookup } from "../domain/nearest";
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
    "nodes at ≥ 90 % load, unhealthy or silent past the TTL are not offered, but a room's node keeps its room while it has a free session. " +
    "Served from a per-isolate snapshot at most `SNAPSHOT_MAX_AGE_MS` (1 s) old, or up to 5 s older while the tenant's registry cannot be asked; past that a 503 `registry_unavailable` with Retry-After.",
  middleware: [requireCaller({ publishable: true })],
  request: { query: NearestQuerySchema },
  responses: { 200: { description: "Nodes, best first", content: { "application/json": { schema: NearestSchema } } }, ...problemResponses(400, 401, 503) },
});

const describe = (r: ResidencyRule) => `buyers ${JSON.stringify(r.buyers)} → nodes ${JSON.stringify(r.nodes)}`;

/** The 503s of a lookup nothing can answer: the buyer's `require` rule allows no node up, or no node is offered at all. */
function refuseWhenNone(lookup: Lookup, country: string | null): void {
  const { residency } = lookup;
  if (residency.kind === "unsatisfiable") {
    throw new ProblemError(503, "residency_unsatisfiable", `No node allowed for a buyer in ${country} is up (residency rule ${residency.index}: ${describe(residency.rule)}); none elsewhere will be offered.`, undefined, { "retry-after": "5" });
  }
  if (lookup.offered.length === 0) throw new ProblemError(503, "no_node_available", "No media node is healthy, heard from within its TTL and has room.", undefined, { "retry-after": "5" });
}

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
    let room;
    let pinned = -1;
    const keep = q.room ? keepable(snap.index, now) : [];
    if (q.room && keep.length > 0) {
      const roomId = q.room;
      const placed = await roomPlacement(c.env, tenantId, roomId, {
        ...roomAnchor(where, origin),
        country: origin.country,
        vouches: keyKind === "secret",
        // The gateway passes on the address Cloudflare saw (`CF-Connecting-IP`): a device's share of the tenant's budget of new rooms.
        client: keyKind === "publishable" ? clientPrefix(clientIp(c.req.raw)) : null,
        // A buyer's device places an id the tenant did not make too, but only among other such ids.
        pool: () => placementPool(where.onBuyersDevice, () => isTenantRoom(c.env.DB, tenantId, roomId, Number(c.env.SNAPSHOT_MAX_AGE_MS))),
      }, new Set(keep.map((i) => snap.index.nodes[i]!.id)));
      const pin = pinRoom(snap.index, lookup, keep, roomId, placed);
      room = { id: roomId, nodeId: pin.nodeId, status: pin.status };
      pinned = pin.pinned;
    }
    // A room's node serves its room even when nothing is offered to a buyer without one.
    if (pinned < 0) refuseWhenNone(lookup, origin.country);
    const { items, changedChoice } = nearestItems(snap.index, lookup, origin.parties, q.count, pinned);
    return c.json(
      {
        items,
        origin: { source: origin.source, country: origin.country, parties: origin.parties },
        policy: residency.kind === "none" ? { rule: null, changedChoice: false, fellBack: false } : { rule: residency.index, changedChoice, fellBack: residency.kind === "applied" && residency.fellBack },
        ...(room ? { room } : {}),
        snapshotAgeMs: Math.max(0, now - snap.at),
      },
      200,
    );
  });
}
