import { z } from "@hono/zod-openapi";
import { CountrySchema } from "../../../../shared/schemas/common";
import { COUNTRIES } from "../domain/countries.generated";
import { REGIONS } from "../domain/regions";

/** Operator-chosen node ids: lower-case letters, digits and dashes, like `frankfurt-am-main-1`. */
export const NODE_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

const NodeIdSchema = z.string().regex(NODE_ID, "must be 2–63 lower-case letters, digits or dashes, starting with a letter or digit");

export const NodeIdParam = z.object({
  nodeId: NodeIdSchema.openapi({ param: { name: "nodeId", in: "path" }, example: "frankfurt-am-main-1" }),
});

export const LatitudeSchema = z.number().min(-90).max(90).openapi({ example: 50.1155 });
export const LongitudeSchema = z.number().min(-180).max(180).openapi({ example: 8.6842 });

/** A known ISO country (the centroid table's), for residency. */
export const KnownCountrySchema = CountrySchema.refine((c) => Object.hasOwn(COUNTRIES, c), "unknown country");

export const NodeInputSchema = z
  .object({
    url: z.url({ protocol: /^(https|wss)$/ }).max(512).openapi({ example: "wss://frankfurt-am-main-1.media.example.com" }),
    region: z.enum(REGIONS).openapi({ example: "europe" }),
    lat: LatitudeSchema,
    lon: LongitudeSchema,
    capacity: z.number().int().min(0).max(1_000_000).openapi({ example: 2000, description: "Concurrent sessions; 0 drains the node." }),
    // Nullable as GET answers it, so a node read and sent back as it is (GET, then PUT) is accepted.
    residency: KnownCountrySchema.nullable().optional().openapi({ description: "Country whose jurisdiction the node's data sits in; residency policies match on it. Absent or null: none (no residency rule allows the node)." }),
  })
  .openapi("MediaNodeInput");

export const HeartbeatSchema = z
  .object({
    load: z.number().min(0).max(1).openapi({ example: 0.42, description: "Share of capacity in use, 0–1." }),
    healthy: z.boolean().openapi({ example: true }),
    sentAt: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({
        example: "2026-05-01T12:00:00.000Z",
        description:
          "When the sender took this reading (its clock, kept in sync). A beat no newer than the node's last one, or older than the TTL, is dropped as stale (a batch sent again after a timeout must not bring a dead node back), and a late one counts as heard when it was sent.",
      }),
  })
  .openapi("MediaHeartbeat");

export const NodeSchema = NodeInputSchema.extend({
  id: z.string(),
  residency: z.string().nullable(),
  live: z
    .object({ load: z.number(), healthy: z.boolean(), lastHeartbeatAt: z.string(), offered: z.boolean() })
    .nullable()
    .openapi({ description: "The last heartbeat; null before the first one." }),
}).openapi("MediaNode");

export const HeartbeatResultSchema = z
  .object({
    id: z.string(),
    offered: z.boolean(),
    expiresAt: z.string().openapi({ description: "Not offered after this without another heartbeat." }),
    stale: z.boolean().openapi({ description: "Dropped: its `sentAt` was no newer than the node's last beat's, or older than the TTL." }),
  })
  .openapi("MediaHeartbeatResult");

/** Up to 500 nodes' heartbeats in one request, for a fleet controller that speaks for its nodes. */
export const HeartbeatBatchSchema = z
  .object({
    items: z
      .array(HeartbeatSchema.extend({ nodeId: NodeIdSchema.openapi({ example: "frankfurt-am-main-1" }) }))
      .min(1)
      .max(500),
  })
  .openapi("MediaHeartbeatBatch", { example: {"items": [{"nodeId": "frankfurt-am-main-1", "load": 0.42, "healthy": true}, {"nodeId": "paris-1", "load": 0.1, "healthy": true}]} });

export const HeartbeatBatchResultSchema = z
  .object({
    accepted: z.number().int(),
    unknown: z.array(z.string()).openapi({ description: "Node ids this tenant has not registered; their beats were dropped." }),
    stale: z.array(z.string()).openapi({ description: "Node ids whose beats were dropped as stale (see `sentAt`)." }),
  })
  .openapi("MediaHeartbeatBatchResult");
