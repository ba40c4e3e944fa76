import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { load } from "../bench/load.mjs";
// @ts-expect-error plain ESM script without types
import { combineRounds, errorsCell, errorsOf, goalLine, judgeGoal, summarize } from "../bench/report.mjs";

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
    expect(row.extra.rounds).toEqual([0.5, 0.55, 0.46]);
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
    expect(combineRounds([round, round, round], [round, round, round]).extra).toEqual({ rounds: [1, 1, 1], statuses: { "503": 3 } });
  });

  it("names what failed by the first body of each failing status, through every round", () => {
    const first = summarize({ ...result({ "503": { count: 1 } }), firstBodies: { "503": "Your worker restarted mid-request" } });
    expect(first.extra).toEqual({ statuses: { "503": 1 }, bodies: { "503": "Your worker restarted mid-request" } });
    const later = summarize({ ...result({ "503": { count: 1 }, "500": { count: 1 } }), firstBodies: { "503": "other", "500": "boom" } });
    expect(combineRounds([first, later], [first, first]).extra.bodies).toEqual({ "503": "Your worker restarted mid-request", "500": "boom" });
  });
});

describe("the bench's load", () => {
  it("keeps the first body of every non-2xx status it met, and no 2xx body", async () => {
    let n = 0;
    const server = createServer((_req, res) => {
      n++;
      if (n % 7 === 0) res.writeHead(503).end(`proxy said no ${n}`);
      else if (n % 5 === 0) res.writeHead(429, { "content-type": "application/problem+json" }).end(`{"code":"rate_limited","n":${n}}`);
      else res.writeHead(200).end("fine");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const r = await load({ url: `http://127.0.0.1:${port}/x`, connections: 1, amount: 40 });
      expect(Object.keys(r.firstBodies).sort()).toEqual(["429", "503"]);
      expect(r.firstBodies["503"]).toBe("proxy said no 7");
      expect(r.firstBodies["429"]).toBe('{"code":"rate_limited","n":5}');
      const row = summarize(r);
      expect(row.extra.bodies).toEqual(r.firstBodies);
      expect(row.non2xx).toBe(r.non2xx);
    } finally {
      server.close();
    }
  });
});

describe("a scenario's goal", () => {
  const row = { rps: 90, p50: 10, p99: 25, boundRatio: 0.91, ratio: 0.4, non2xx: 0, errors: 0 };

  it("is met when its measure is on the right side of the bound, and only with no failed requests", () => {
    expect(judgeGoal(row, { measure: "× bound", atLeast: 0.9 })).toMatchObject({ met: true, value: 0.91, wanted: "≥ 0.9", errors: 0 });
    expect(judgeGoal(row, { measure: "× base", atLeast: 0.5 }).met).toBe(false);
    expect(judgeGoal({ ...row, non2xx: 1 }, { measure: "× bound", atLeast: 0.9 }).met).toBe(false);
    expect(judgeGoal({ ...row, failed: "crashed" }, { measure: "× bound", atLeast: 0.9 }).met).toBe(false);
  });

  it("reads p99 over p50 for a latency goal, which is met at or below it", () => {
    expect(judgeGoal(row, { measure: "p99 / p50", atMost: 2 })).toMatchObject({ met: false, value: 2.5 });
    expect(judgeGoal({ ...row, p99: 20 }, { measure: "p99 / p50", atMost: 2 }).met).toBe(true);
  });

  it("is missed, never met by default, when the row does not carry the measure or its errors", () => {
    expect(judgeGoal({ rps: 1, non2xx: 0 }, { measure: "× bound", atLeast: 0.9 })).toMatchObject({ met: false, value: null });
    expect(judgeGoal({ rps: 1, extra: { viewers: 10_000 } }, { measure: "viewers", atLeast: 10_000 })).toMatchObject({ met: false, errors: null });
    expect(goalLine("x", judgeGoal({ rps: 1, non2xx: 0 }, { measure: "viewers", atLeast: 10_000 }))).toBe("MISSED  x: viewers not measured (goal ≥ 10000), 0 errors");
  });

  it("takes the worst of precision and recall over both labelled sets", () => {
    const labelled = { rps: 5, non2xx: 0, extra: { tuning: { precision: 1, recall: 1 }, holdout: { precision: 1, recall: 0.96 } } };
    expect(judgeGoal(labelled, { measure: "precision, recall", atLeast: 1 })).toMatchObject({ met: false, value: 0.96 });
    expect(judgeGoal({ ...labelled, extra: { tuning: labelled.extra.tuning } }, { measure: "precision, recall", atLeast: 1 }).value).toBeNull();
  });

  it("names an unknown measure instead of judging it", () => {
    expect(() => judgeGoal(row, { measure: "p95", atMost: 2 })).toThrow(/unknown goal measure/);
  });
});
