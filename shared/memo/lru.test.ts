import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BoundedLru } from "./lru";

describe("a bounded LRU", () => {
  it("drops the least recently used past its entry bound: a get is a use, a peek is not", () => {
    const lru = new BoundedLru<string, number>({ maxEntries: 3 });
    lru.set("a", 1);
    lru.set("b", 2);
    lru.set("c", 3);
    expect(lru.get("a")).toBe(1);
    expect(lru.peek("b")).toBe(2);
    lru.set("d", 4);
    expect([lru.peek("a"), lru.peek("b"), lru.peek("c"), lru.peek("d")]).toEqual([1, undefined, 3, 4]);
    expect(lru.size).toBe(3);
  });

  it("setting a held key replaces its value and makes it the most recent", () => {
    const lru = new BoundedLru<string, number>({ maxEntries: 2 });
    lru.set("a", 1);
    lru.set("b", 2);
    lru.set("a", 10);
    lru.set("c", 3);
    expect([lru.peek("a"), lru.peek("b"), lru.peek("c"), lru.size]).toEqual([10, undefined, 3, 2]);
  });

  it("keeps within its byte budget, counting a replaced value once; a value larger than the budget is not kept", () => {
    const lru = new BoundedLru<string, string>({ maxEntries: Infinity, maxBytes: 10, sizeOf: (v) => v.length });
    lru.set("a", "xxxx");
    lru.set("b", "xxxx");
    lru.set("a", "xx");
    expect(lru.bytes).toBe(6);
    lru.set("c", "xxxxx");
    expect([lru.peek("a"), lru.peek("b"), lru.peek("c"), lru.bytes]).toEqual(["xx", undefined, "xxxxx", 7]);
    lru.set("big", "x".repeat(11));
    expect([lru.size, lru.bytes]).toEqual([0, 0]);
  });

  it("never returns an entry past its age: get drops it, peek leaves it; a set may give its own age", () => {
    let now = 1_000;
    const lru = new BoundedLru<string, number>({ maxEntries: 10, maxAgeMs: 100, clock: () => now });
    lru.set("a", 1);
    lru.set("b", 2, { maxAgeMs: 10 });
    now = 1_009;
    expect([lru.get("a"), lru.get("b")]).toEqual([1, 2]);
    now = 1_010;
    expect(lru.peek("b")).toBeUndefined();
    expect(lru.size).toBe(2);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.size).toBe(1);
    // A time given to the call is used instead of the clock's.
    expect(lru.get("a", 1_099)).toBe(1);
    expect(lru.get("a", 1_100)).toBeUndefined();
    lru.set("c", 3, { now: 0 });
    expect(lru.peek("c")).toBeUndefined();
  });

  it("deletes and clears, saying whether a key was held", () => {
    const lru = new BoundedLru<string, string>({ maxEntries: 5, maxBytes: 100, sizeOf: (v) => v.length });
    lru.set("a", "aaa");
    lru.set("b", "bb");
    expect([lru.delete("a"), lru.delete("a"), lru.bytes]).toEqual([true, false, 2]);
    lru.clear();
    expect([lru.size, lru.bytes, lru.peek("b")]).toEqual([0, 0, undefined]);
  });

  it("refuses a byte budget with nothing to measure it by", () => {
    expect(() => new BoundedLru<string, string>({ maxEntries: 1, maxBytes: 10 })).toThrow(TypeError);
  });

  describe("under any sequence of operations", () => {
    type Op =
      | { op: "set"; key: number; size: number; maxAgeMs?: number }
      | { op: "get" | "peek" | "delete"; key: number }
      | { op: "tick"; ms: number };
    const key = fc.integer({ min: 0, max: 5 });
    const ops = fc.array(
      fc.oneof(
        fc.record({ op: fc.constant("set" as const), key, size: fc.integer({ min: 0, max: 40 }), maxAgeMs: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }) }),
        fc.record({ op: fc.constantFrom("get" as const, "peek" as const, "delete" as const), key }),
        fc.record({ op: fc.constant("tick" as const), ms: fc.integer({ min: 0, max: 10 }) }),
      ),
      // Long enough runs for uses, evictions and expiry to interleave (fast-check's default size keeps arrays short).
      { minLength: 20, maxLength: 100 },
    );
    const bounds = fc.record({ maxEntries: fc.integer({ min: 1, max: 6 }), maxBytes: fc.integer({ min: 1, max: 100 }), maxAgeMs: fc.integer({ min: 1, max: 60 }) });

    it("stays within its bounds, keeps the most recently used, never returns an expired entry, and agrees with a plain list", () => {
      fc.assert(
        fc.property(bounds, ops, ({ maxEntries, maxBytes, maxAgeMs }, run: Op[]) => {
          let now = 0;
          let next = 0;
          const lru = new BoundedLru<number, { id: number; size: number }>({ maxEntries, maxBytes, maxAgeMs, sizeOf: (v) => v.size, clock: () => now });
          // The model: oldest first, every entry with the time it stops being returned.
          let model: { key: number; value: { id: number; size: number }; expires: number }[] = [];
          const take = (k: number) => {
            const found = model.find((e) => e.key === k);
            model = model.filter((e) => e.key !== k);
            return found;
          };
          // When each value stops being returned, kept apart from the model (which drops what it evicts).
          const expiry = new Map<{ id: number; size: number }, number>();
          for (const o of run) {
            if (o.op === "tick") now += o.ms;
            else if (o.op === "set") {
              const value = { id: next++, size: o.size };
              lru.set(o.key, value, { maxAgeMs: o.maxAgeMs });
              take(o.key);
              expiry.set(value, now + (o.maxAgeMs ?? maxAgeMs));
              model.push({ key: o.key, value, expires: expiry.get(value)! });
              while (model.length > maxEntries || model.reduce((n, e) => n + e.value.size, 0) > maxBytes) model.shift();
              // The value just set survives unless it alone is over the budget.
              if (o.size <= maxBytes) expect(lru.peek(o.key)).toBe(value);
            } else if (o.op === "delete") expect(lru.delete(o.key)).toBe(take(o.key) !== undefined);
            else {
              const found = o.op === "get" ? take(o.key) : model.find((e) => e.key === o.key);
              const live = found && found.expires > now ? found : undefined;
              if (live && o.op === "get") model.push(live);
              const got = o.op === "get" ? lru.get(o.key) : lru.peek(o.key);
              expect(got).toBe(live?.value);
              if (got) expect(now).toBeLessThan(expiry.get(got)!);
            }
            // Plain checks here: `expect` on every step of every run is slower than the runs themselves.
            if (lru.size > maxEntries || lru.bytes > maxBytes) throw new Error(`over a bound: ${lru.size} entries, ${lru.bytes} bytes`);
            if (lru.size !== model.length || lru.bytes !== model.reduce((n, e) => n + e.value.size, 0)) throw new Error("holds other than the model");
            for (const e of model) if (lru.peek(e.key, -Infinity) !== e.value) throw new Error(`lost ${e.key}, which the model holds`);
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});
