import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fullBucket, take, type BucketRule } from "../src/domain/bucket";
import { shardFor } from "../src/domain/shard";
import { UserBudgets } from "../src/do/budgets";

describe("token bucket", () => {
  const rule: BucketRule = { capacity: 5, perSecond: 2 };

  it("never admits more than capacity plus the refill over any span", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 200 }), (gaps) => {
        let bucket = fullBucket(rule, 0);
        let now = 0;
        let admitted = 0;
        for (const gap of gaps) {
          now += gap;
          const r = take(bucket, rule, now);
          bucket = r.bucket;
          if (r.ok) admitted++;
          else expect(r.retryAfterMs).toBeGreaterThan(0);
        }
        expect(admitted).toBeLessThanOrEqual(rule.capacity + Math.floor((now / 1000) * rule.perSecond));
      }),
    );
  });
});

describe("shard choice", () => {
  /** FNV-1a 32 over UTF-16 code units, in exact BigInt arithmetic: an independent reference. */
  const fnv1a = (text: string) => {
    let h = 0x811c9dc5n;
    for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x01000193n) % 2n ** 32n;
    return Number(h);
  };

  it("is FNV-1a of the user id, modulo the shard count (published test vectors)", () => {
    // FNV-1a 32 known answers: "" 0x811c9dc5, "a" 0xe40c292c, "foobar" 0xbf9cf968.
    expect(shardFor("", 2 ** 32 - 1)).toBe(0x811c9dc5);
    expect(shardFor("a", 2 ** 32 - 1)).toBe(0xe40c292c);
    expect(shardFor("foobar", 2 ** 32 - 1)).toBe(0xbf9cf968);
  });

  it("matches the reference for any user and shard count, always in range", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 64 }), (user, n) => {
        const k = shardFor(user, n);
        expect(k).toBe(fnv1a(user) % n);
        expect(k).toBeGreaterThanOrEqual(0);
        expect(k).toBeLessThan(n);
      }),
    );
  });

  it("spreads users roughly evenly", () => {
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[shardFor(`user_${i}`, 8)]++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
});

describe("user budgets", () => {
  it("forgets only budgets that have refilled when many users come and go", () => {
    const budgets = new UserBudgets();
    for (let i = 0; i < 20; i++) expect(budgets.take("flooder", "publish", 0).ok).toBe(true);
    expect(budgets.take("flooder", "publish", 0).ok).toBe(false);
    // 5,000 users send a frame each over the next second: the sweeps drop theirs once refilled.
    for (let i = 0; i < 5000; i++) budgets.take(`passer-${i}`, "frames", i / 5);
    expect((budgets as unknown as { byUser: Map<string, unknown> }).byUser.size).toBeLessThan(2100);
    // A second later the flooder has ten tokens back, not twenty: its spent budget survived the sweeps.
    expect(Array.from({ length: 11 }, () => budgets.take("flooder", "publish", 1000).ok)).toEqual([...Array(10).fill(true), false]);
  });
});
