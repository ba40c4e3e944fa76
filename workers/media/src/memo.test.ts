import { describe, expect, it } from "vitest";
import { Memo } from "./memo";

describe("per-isolate memo", () => {
  it("serves a value until it is older than the age bound, then loads once for concurrent callers", async () => {
    let now = 1000;
    let loads = 0;
    const memo = new Memo<number>(10, () => now);
    const load = async () => ++loads;
    expect(await memo.get("t", 1000, load)).toBe(1);
    now += 999;
    expect(await memo.get("t", 1000, load)).toBe(1);
    now += 1;
    const [a, b] = await Promise.all([memo.get("t", 1000, load), memo.get("t", 1000, load)]);
    expect([a, b, loads]).toEqual([2, 2, 2]);
    memo.invalidate("t");
    expect(await memo.get("t", 1000, load)).toBe(3);
  });

  it("holds at most its bound of keys, dropping the least recently used", async () => {
    const memo = new Memo<string>(2, () => 0);
    const loaded: string[] = [];
    const load = (k: string) => async () => (loaded.push(k), k);
    await memo.get("a", 10, load("a"));
    await memo.get("b", 10, load("b"));
    await memo.get("a", 10, load("a"));
    await memo.get("c", 10, load("c"));
    await memo.get("a", 10, load("a"));
    await memo.get("b", 10, load("b"));
    expect(loaded).toEqual(["a", "b", "c", "b"]);
  });

  it("does not keep a value its keeper refuses: the next caller, even at once, loads again", async () => {
    const memo = new Memo<string | null>(10, () => 0);
    let loads = 0;
    const keep = (v: string | null) => v !== null;
    const load = (v: string | null) => async () => (loads++, v);
    expect(await memo.get("t", 10, load(null), keep)).toBeNull();
    expect(await memo.get("t", 10, load("placed"), keep)).toBe("placed");
    expect(await memo.get("t", 10, load("other"), keep)).toBe("placed");
    expect(loads).toBe(2);
  });

  it("does not keep a failed load", async () => {
    const memo = new Memo<number>(10, () => 0);
    await expect(memo.get("t", 10, async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await memo.get("t", 10, async () => 7)).toBe(7);
  });
});
