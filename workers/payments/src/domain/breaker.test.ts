import { describe, expect, it } from "vitest";
import { admit, breakerAt, closedBreaker, record } from "./breaker";

const cfg = { threshold: 3, openMs: 1000 };

describe("circuit breaker", () => {
  it("opens after consecutive failures; a success in between resets the count", () => {
    let b = closedBreaker();
    b = record(b, false, 0, cfg);
    b = record(b, false, 1, cfg);
    b = record(b, true, 2, cfg);
    b = record(b, false, 3, cfg);
    b = record(b, false, 4, cfg);
    expect(b.state).toBe("closed");
    b = record(b, false, 5, cfg);
    expect(b.state).toBe("open");
    expect(admit(b, 500, cfg).allowed).toBe(false);
  });

  it("half-opens after the cool-down: one probe; its success closes, its failure re-opens", () => {
    let b = closedBreaker();
    for (let t = 0; t < 3; t++) b = record(b, false, t, cfg);
    expect(breakerAt(b, 1002, cfg).state).toBe("half_open");
    const first = admit(b, 1002, cfg);
    expect(first.allowed).toBe(true);
    expect(admit(first.next, 1003, cfg).allowed).toBe(false);
    expect(record(first.next, true, 1004, cfg).state).toBe("closed");
    const again = record(first.next, false, 1004, cfg);
    expect(again.state).toBe("open");
    expect(admit(again, 1500, cfg).allowed).toBe(false);
  });
});
