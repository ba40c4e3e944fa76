import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { callBudget, withCalls } from "./call-budget";

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

describe("one run's budget of provider calls", () => {
  it("an item takes the most it may make up front, gives back what it did not make, and is refused (nothing done) when fewer are left", async () => {
    const budget = callBudget(3);
    expect(await withCalls(budget, 2, async (call) => call(async () => "asked"))).toEqual({ done: "asked" });
    expect(budget.left).toBe(2);
    let ran = false;
    expect(await withCalls(callBudget(1), 2, async () => (ran = true))).toBeNull();
    expect(ran).toBe(false);
    await expect(withCalls(budget, 1, async (call) => (await call(async () => 1), call(async () => 2)))).rejects.toThrow(/more than the 1 provider calls/);
    expect(budget.left).toBe(1);
  });

  it("however items of several reconcilers interleave, the calls made never exceed it, and none taken is lost", async () => {
    // Each item: the most calls it may make, and how many it makes (at most that), a tick apart.
    const item = fc.integer({ min: 1, max: 2 }).chain((most) => fc.record({ most: fc.constant(most), made: fc.integer({ min: 0, max: most }) }));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 12 }), fc.array(fc.array(item, { maxLength: 8 }), { minLength: 1, maxLength: 3 }), async (calls, reconcilers) => {
        const budget = callBudget(calls);
        let made = 0;
        await Promise.all(
          reconcilers.map(async (items) => {
            for (const it of items) {
              await withCalls(budget, it.most, async (call) => {
                for (let n = 0; n < it.made; n++) {
                  await call(async () => {
                    made++;
                    await tick();
                  });
                }
              });
            }
          }),
        );
        expect(made).toBeLessThanOrEqual(calls);
        expect(budget.left).toBe(calls - made);
      }),
      { numRuns: 100 },
    );
  });
});
