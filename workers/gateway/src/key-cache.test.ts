import { describe, expect, it } from "vitest";
import { KeyCache, LruTtlCache } from "./key-cache";

describe("the key cache", () => {
  it("evicts the least recently used entry, not the oldest inserted", () => {
    const lru = new LruTtlCache<string>(3);
    for (const k of ["a", "b", "c"]) lru.set(k, k, 60_000, 0);
    expect(lru.get("a", 1)).toBe("a"); // a real key in steady use
    lru.set("d", "d", 60_000, 2);
    expect(lru.get("a", 3)).toBe("a");
    expect(lru.get("b", 3)).toBeUndefined();
  });

  it("expires entries after their TTL", () => {
    const lru = new LruTtlCache<string>(3);
    lru.set("a", "a", 10, 0);
    expect(lru.get("a", 9)).toBe("a");
    expect(lru.get("a", 10)).toBeUndefined();
  });

  it("a flood of unknown keys never evicts a known one, and stays bounded", () => {
    const cache = new KeyCache<{ id: string }>({ knownMs: 30_000, unknownMs: 5_000 }, { known: 10, unknown: 5 });
    cache.set("real", { id: "key_real" }, 0);
    for (let i = 0; i < 1_000; i++) cache.set(`random-${i}`, null, 1);
    expect(cache.get("real", 2)).toEqual({ id: "key_real" });
    expect(cache.unknown.size).toBe(5);
    expect(cache.get("random-999", 2)).toBeNull();
    expect(cache.get("random-0", 2)).toBeUndefined();
  });
});
