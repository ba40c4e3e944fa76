import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestK, eligibility, indexNodes } from "./nearest";
import type { LiveNode } from "./nodes";
import { rank } from "./rank";
import { REGIONS } from "./regions";
import { DEFAULT_POLICY } from "./residency";

const pointArb = fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });
const nodesArb = fc.array(
  fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }), load: fc.double({ min: 0, max: 1, noNaN: true }), region: fc.constantFrom(...REGIONS) }),
  { minLength: 1, maxLength: 60 },
);
const live = (ns: { lat: number; lon: number; load: number; region: LiveNode["region"] }[]): LiveNode[] =>
  ns.map((n, i) => ({ ...n, id: `n${i}`, url: "", residency: null, capacity: 100, healthy: true, lastSeen: 0 }));

describe("the indexed lookup", () => {
  it("picks the same best nodes, at the same costs, as the plain ranking (haversine per node)", () => {
    fc.assert(
      fc.property(nodesArb, fc.array(pointArb, { minLength: 1, maxLength: 2 }), fc.integer({ min: 1, max: 10 }), (raw, parties, k) => {
        const nodes = live(raw);
        const ix = indexNodes(nodes, 15_000);
        const fast = bestK(ix, nodes.map((_, i) => i), parties, k).map((i) => nodes[i]!.id);
        const slow = rank(nodes, parties).slice(0, k);
        const costOf = new Map(rank(nodes, parties).map((s) => [s.node.id, s.cost]));
        expect(fast).toHaveLength(slow.length);
        fast.forEach((id, j) => expect(costOf.get(id)!).toBeCloseTo(slow[j]!.cost, 4));
      }),
    );
  });

  it("offers a node only until its last heartbeat plus the TTL, and only with room", () => {
    const [a, b, c] = live([
      { lat: 0, lon: 0, load: 0.1, region: "europe" },
      { lat: 0, lon: 1, load: 0.95, region: "europe" },
      { lat: 0, lon: 2, load: 0.1, region: "europe" },
    ]);
    const ix = indexNodes([{ ...a!, lastSeen: 1000 }, b!, { ...c!, healthy: false }], 15_000);
    expect(eligibility(ix, 16_000, DEFAULT_POLICY, null).offered).toEqual([0]);
    expect(eligibility(ix, 16_001, DEFAULT_POLICY, null).offered).toEqual([]);
  });
});
