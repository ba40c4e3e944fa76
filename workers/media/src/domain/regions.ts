/**
 * The coarse regions nodes are registered in, each with the extra round-trip
 * time its access networks and in-region peering add on top of the fibre
 * path (see `geo.ts`). The overheads are our estimate: the gap between
 * measured city-pair RTTs (WonderNetwork's public ping tables) and the
 * fibre model, larger where last-mile and peering are known to be thinner
 * (Cloudflare Radar's regional latency reports show the same ordering).
 */
export const REGION_OVERHEAD_MS = {
  "north-america": 4,
  europe: 4,
  oceania: 6,
  asia: 8,
  "middle-east": 10,
  "south-america": 12,
  africa: 18,
} as const;

export type Region = keyof typeof REGION_OVERHEAD_MS;

export const REGIONS = Object.keys(REGION_OVERHEAD_MS) as [Region, ...Region[]];
