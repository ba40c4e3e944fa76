import { z } from "@hono/zod-openapi";
import { CountrySchema } from "../../../../shared/schemas/common";
import type { Point } from "../domain/geo";

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A decimal coordinate in a query string: no NaN, no Infinity, no empty string read as 0. */
const coordinate = (name: string, limit: number, example: number) =>
  z
    .string()
    .regex(NUMBER, `must be a decimal ${name}`)
    .transform(Number)
    .pipe(z.number().min(-limit).max(limit))
    .openapi({ type: "number", example });

const PeersSchema = z
  .string()
  .max(100)
  .transform((text, ctx): Point[] => {
    const points = text.split(";").map((pair) => pair.split(","));
    const ok =
      points.length === 2 &&
      points.every((p) => p.length === 2 && p.every((v) => NUMBER.test(v.trim()))) &&
      points.every(([lat, lon]) => Math.abs(Number(lat)) <= 90 && Math.abs(Number(lon)) <= 180);
    if (!ok) {
      ctx.addIssue({ code: "custom", message: "must be two lat,lon pairs separated by ';' within ±90 / ±180" });
      return z.NEVER;
    }
    return points.map(([lat, lon]) => ({ lat: Number(lat), lon: Number(lon) }));
  })
  .openapi({ type: "string", example: "48.8566,2.3522;40.7128,-74.0060", description: "A 1v1 call: both parties' lat,lon; the node best for both (smallest worst RTT) comes first." });

export const NearestQuerySchema = z.object({
  lat: coordinate("latitude", 90, 48.8566).optional(),
  lon: coordinate("longitude", 180, 2.3522).optional(),
  peers: PeersSchema.optional(),
  country: CountrySchema.optional().openapi({ description: "The buyer's country: residency rules match on it, and its centroid stands in for a missing location." }),
  room: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, '_' or '-'")
    .optional()
    .openapi({
      example: "live_01JABCDEFGHJKMNPQRSTVWXYZ0",
      description:
        "Everyone asking with the same room gets the same first node while it is healthy and has a free session. A room is placed (then kept) near its first asker: a secret key's location, or with a publishable key the edge's location, never the `lat`/`lon`/`peers` it sends (the edge knowing nothing, by the room id alone, and the next asker it can locate anchors the room's later moves). The first secret-key ask that says where the room's audience is (`lat`/`lon`, `peers` or `country`) re-anchors a room a publishable key anchored. Rooms a publishable key names that the tenant did not make (its chat rooms) are kept in a bounded pool of their own, so they can never push out a room the tenant made or placed with a secret key; and publishable keys may be first to name only so many rooms a second per tenant (past that: `room.status` `deferred`).",
    }),
  count: z.coerce.number().int().min(1).max(50).default(3).openapi({ type: "integer", example: 3 }),
});

export const NearestItemSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    region: z.string(),
    distanceKm: z.number().openapi({ description: "Great-circle distance to the buyer (the farther peer for a 1v1)." }),
    estimatedRttMs: z.number().openapi({ description: "Estimated round trip (the worse peer's for a 1v1)." }),
    load: z.number(),
    peerRttMs: z.array(z.number()).optional().openapi({ description: "For a 1v1: each peer's estimated RTT." }),
  })
  .openapi("MediaNearestItem");

export const NearestSchema = z
  .object({
    items: z.array(NearestItemSchema),
    origin: z.object({ source: z.enum(["peers", "query", "edge", "country"]), country: z.string().nullable(), parties: z.array(z.object({ lat: z.number(), lon: z.number() })) }),
    policy: z
      .object({
        rule: z.number().int().nullable().openapi({ description: "Index of the residency rule that covered the buyer; null when none did." }),
        changedChoice: z.boolean().openapi({ description: "True when the policy kept the buyer off the node that would otherwise have come first." }),
        fellBack: z.boolean().openapi({ description: "A `prefer` rule with no allowed node up: served from anywhere." }),
      })
      .openapi("MediaPolicyApplied"),
    room: z
      .object({
        id: z.string(),
        nodeId: z.string().nullable(),
        status: z.enum(["kept", "assigned", "moved", "not-allowed", "unplaced", "pending", "deferred"]).openapi({
          description:
            "`kept`/`assigned`/`moved`: the room's node comes first. " +
            "`not-allowed`: the room's node (`nodeId`) is outside this buyer's residency; the node the room's other such buyers share comes first. " +
            "`unplaced`: no node could take the room; `pending`: placed on a node this answer's snapshot does not hold yet (ask again within a second); " +
            "`deferred`: the tenant's budget of new rooms named by publishable keys is spent for now (the room is not placed; a secret key's ask always places it). " +
            "In these three the buyer's own best node comes first.",
        }),
      })
      .optional()
      .openapi("MediaRoomPlacement"),
    snapshotAgeMs: z.number().openapi({ description: "How old the live-node snapshot that answered is: ≤ SNAPSHOT_MAX_AGE_MS, or up to 5 s more while the registry cannot be asked." }),
  })
  .openapi("MediaNearest");
