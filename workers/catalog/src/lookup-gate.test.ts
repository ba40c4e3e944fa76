import { describe, expect, it } from "vitest";
import { LookupGate } from "./lookup-gate";

const asks = (gate: LookupGate, n: number, hit: boolean) => {
  let asked = 0;
  for (let i = 0; i < n; i++) {
    if (gate.ask()) {
      asked++;
      gate.record(hit);
    }
  }
  return asked;
};

describe("the shared-cache lookup gate", () => {
  it("asks on every miss while lookups hit", () => {
    expect(asks(new LookupGate(), 1000, true)).toBe(1000);
  });

  it("a new isolate asks at first, then samples one miss in sixteen once lookups stop hitting", () => {
    const gate = new LookupGate();
    expect(asks(gate, 90, false)).toBe(90); // still above 5 % after 90 misses in a row
    asks(gate, 100, false);
    expect(gate.hitRatio).toBeLessThan(0.05);
    expect(asks(gate, 1600, false)).toBe(100);
  });

  it("asks always again once sampled lookups hit", () => {
    const gate = new LookupGate();
    asks(gate, 400, false);
    let skipped = 0;
    while (!gate.ask()) skipped++;
    expect(skipped).toBeLessThan(16);
    gate.record(true); // one sampled hit lifts the ratio over the threshold
    expect(asks(gate, 100, true)).toBe(100);
  });
});
