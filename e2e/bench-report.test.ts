import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { combineRounds, errorsCell, errorsOf, summarize } from "../bench/report.mjs";

describe("the bench's errors column", () => {
  it("counts failures wherever a scenario reports them", () => {
    expect(errorsOf({ non2xx: 3, errors: 1 })).toBe(4);
    // The old catalog runner put its counts under `extra`, and run.mjs read only the top level: always 0.
    expect(errorsOf({ extra: { non2xx: 500, errors: 0 } })).toBe(500);
    expect(errorsCell({ extra: { non2xx: 500, errors: 0 } })).toBe("500 FAILED");
    expect(errorsCell({ non2xx: 0, errors: 0 })).toBe("0");
  });

  it("never shows 0 for a scenario that reports no count or crashed", () => {
    expect(errorsCell({ extra: { viewers: 10 } })).toBe("?");
    expect(errorsCell({ failed: "socket hang up" })).toBe("1 FAILED (socket hang up)");
  });
});

describe("a scenario measured beside its yardstick", () => {
  const round = (rps: number, p50: number, extra: Record<string, number> = {}) => ({ rps, p50, p99: p50 * 3, ok: rps, non2xx: 0, errors: 0, ...extra });

  it("divides by the yardstick's rounds, not the scenario's", () => {
    const row = combineRounds([round(100, 10), round(120, 30), round(110, 20)], [round(200, 5), round(220, 5), round(240, 5)]);
    expect(row.rps).toBeCloseTo(110);
    expect(row.besideRps).toBeCloseTo(220);
    expect(row.p50).toBe(20);
    expect(row.p99).toBe(60);
  });

  it("keeps every round's failures, wherever the runner reports them", () => {
    const row = combineRounds([round(1, 1, { non2xx: 2 }), round(1, 1, { errors: 1 }), { ...round(1, 1), extra: { non2xx: 4 } }], [round(1, 1), round(1, 1), round(1, 1)]);
    expect(errorsOf(row)).toBe(7);
    expect(errorsCell(combineRounds([round(1, 1)], [{ failed: "yardstick down" }]))).toBe("1 FAILED (yardstick down)");
  });
});

describe("an autocannon result as a row", () => {
  const result = (statusCodeStats: Record<string, { count: number }>) => ({
    latency: { p50: 3, p99: 9 },
    requests: { average: 100 },
    "2xx": 98,
    non2xx: 2,
    errors: 1,
    timeouts: 1,
    statusCodeStats,
  });

  it("counts every failure and names the non-2xx codes", () => {
    const row = summarize(result({ "200": { count: 98 }, "503": { count: 1 }, "429": { count: 1 } }), { note: "x" });
    expect(errorsOf(row)).toBe(4);
    expect(row.extra).toEqual({ note: "x", statuses: { "503": 1, "429": 1 } });
    expect(summarize(result({ "200": { count: 98 } })).extra).toBeUndefined();
  });

  it("keeps the codes of every round of a row measured beside its yardstick", () => {
    const round = summarize(result({ "503": { count: 1 } }));
    expect(combineRounds([round, round, round], [round, round, round]).extra).toEqual({ statuses: { "503": 3 } });
  });
});
