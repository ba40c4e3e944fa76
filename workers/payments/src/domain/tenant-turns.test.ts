import { describe, expect, it } from "vitest";
import { cursorAfter } from "./tenant-turns";

const looked = (tenantId: string, round = 1) => ({ tenantId, round, looked: true });
const deferred = (tenantId: string, round = 1) => ({ tenantId, round, looked: false });

describe("cursorAfter: where the next run's round starts", () => {
  it("after the last tenant whose next item got its look", () => {
    expect(cursorAfter([looked("t3"), looked("t5"), looked("t1")], "t2")).toBe("t1");
    // Later rounds (a tenant's second, third… item) do not move it: every tenant had its round-1 turn.
    expect(cursorAfter([looked("t3"), looked("t1"), looked("t3", 2), looked("t3", 3)], "t2")).toBe("t1");
  });

  it("stops at the first item the run had no calls for: that tenant is first next run, none is skipped", () => {
    expect(cursorAfter([looked("t3"), deferred("t5"), looked("t1")], "t2")).toBe("t3");
    expect(cursorAfter([deferred("t3"), looked("t5")], "t2")).toBe("t2");
    expect(cursorAfter([deferred("t3")], null)).toBeNull();
  });

  it("stays where it was when the run took nothing", () => {
    expect(cursorAfter([], "t2")).toBe("t2");
    expect(cursorAfter([], null)).toBeNull();
  });
});
