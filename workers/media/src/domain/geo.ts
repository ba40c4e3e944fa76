import { REGION_OVERHEAD_MS, type Region } from "./regions";

export interface Point {
  lat: number;
  lon: number;
}

/** IUGG mean Earth radius, km. */
export const EARTH_RADIUS_KM = 6371.0088;

/**
 * Light in standard single-mode fibre: c / 1.468 (group index of Corning
 * SMF-28 at 1550 nm) ≈ 204,190 km/s, i.e. about 1 ms of round trip per
 * 102 km of one-way distance.
 */
export const FIBRE_KM_PER_MS = 299_792.458 / 1.468 / 1000;

/**
 * Real fibre routes are longer than the great circle: cables follow coasts,
 * rights of way and peering points. Singla et al., "The Internet at the Speed
 * of Light" (HotNets 2014) and Bozkurt et al., "Why Is the Internet so
 * Slow?!" (PAM 2017) measure infrastructure paths at roughly 1.5–2× the
 * great-circle fibre latency; we take the low end and add the per-region
 * overhead separately.
 */
export const ROUTE_INFLATION = 1.5;

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance by the haversine formula, km. */
export function distanceKm(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Estimated round-trip time to a node `km` away in `region`:
 * `2 × km × ROUTE_INFLATION / FIBRE_KM_PER_MS + REGION_OVERHEAD_MS[region]`.
 */
export function estimatedRttMs(km: number, region: Region): number {
  return (2 * km * ROUTE_INFLATION) / FIBRE_KM_PER_MS + REGION_OVERHEAD_MS[region];
}
