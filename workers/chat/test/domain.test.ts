import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RESUME_PAGE, type MessageFrame } from "../../../shared/chat/protocol";
import { fullBucket, READ_RULE, take, type BucketRule } from "../src/domain/bucket";
import { moderationReplay } from "../src/domain/moderation-replay";
import { MODERATION_TAIL, ModerationWindow } from "../src/domain/moderation-window";
import { CACHED_PAGES, PageCache, pageStart, tombstoneIn } from "../src/domain/page-cache";
import { liveRoomRule, SEQUENCER_RULE, SHARD_FRAMES_PER_SECOND, ShardAudience, staffReserve, UNHEARD_SHARD_MS } from "../src/domain/live-rate";
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

describe("a live room's publish rule", () => {
  it("is what the fullest shard can send, at most the sequencer's", () => {
    // 12,000 frames a second over 20,000 viewers (wrangler.toml's full shard); 2,500 a shard; small audiences.
    expect(liveRoomRule(20_000)).toEqual({ perSecond: 0.6, capacity: 6 });
    expect(liveRoomRule(2_500)).toEqual({ perSecond: 4.8, capacity: 48 });
    expect(liveRoomRule(6)).toEqual(SEQUENCER_RULE);
    expect(liveRoomRule(0)).toEqual(SEQUENCER_RULE);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 32_768 }), (viewers) => {
        const rule = liveRoomRule(viewers);
        expect(rule.perSecond * viewers).toBeLessThanOrEqual(SHARD_FRAMES_PER_SECOND + 1e-6);
        expect(rule.capacity).toBeGreaterThanOrEqual(1);
        expect(staffReserve(rule)).toBeLessThan(rule.capacity);
      }),
    );
  });

  it("counts a shard it has not heard from as full only for UNHEARD_SHARD_MS, and an answer with no count as the last known or none", () => {
    const audience = new ShardAudience();
    audience.report(0, 100);
    // Shard 1 is listed but silent (the room restarted, its deliveries fail): full, from the first time it counts.
    expect(audience.fullest([0, 1], 20_000, 1_000)).toBe(20_000);
    expect(audience.fullest([0, 1], 20_000, 1_000 + UNHEARD_SHARD_MS - 1)).toBe(20_000);
    // Silent that long: the other shards' counts stand for it.
    expect(audience.fullest([0, 1], 20_000, 1_000 + UNHEARD_SHARD_MS)).toBe(100);
    // An answer without a count: none when none was known, else the last known.
    audience.report(2, undefined);
    expect(audience.fullest([2], 20_000, 0)).toBe(0);
    audience.report(0, undefined);
    expect(audience.fullest([0, 2], 20_000, 0)).toBe(100);
  });

  it("leaves a reserve the audience cannot spend", () => {
    const rule = liveRoomRule(20_000);
    let bucket = fullBucket(rule, 0);
    let crowd = 0;
    for (let r = take(bucket, rule, 0, 1, staffReserve(rule)); r.ok; r = take(bucket, rule, 0, 1, staffReserve(rule))) (bucket = r.bucket), crowd++;
    expect(crowd).toBe(rule.capacity - staffReserve(rule));
    expect(take(bucket, rule, 0).ok).toBe(true);
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

describe("a member's read share", () => {
  it("spends the user's share and the shared budget together or neither: a refusal by either leaves the other", () => {
    const shared: BucketRule = { capacity: 10, perSecond: 5 };
    const budgets = new UserBudgets();
    let bucket = fullBucket(shared, 0);
    const served: boolean[] = [];
    for (let i = 0; i < READ_RULE.capacity + 2; i++) {
      const r = budgets.takeRead("poller", bucket, shared, 0);
      bucket = r.bucket;
      served.push(r.ok);
      if (!r.ok) expect(r.retryAfterMs).toBe(1000 / READ_RULE.perSecond);
    }
    // The poller's own share ran out first, and what it was refused stayed in the shared budget for the others.
    expect(served).toEqual([...Array(READ_RULE.capacity).fill(true), false, false]);
    expect(bucket.tokens).toBe(shared.capacity - READ_RULE.capacity);
    for (let i = 0; i < shared.capacity - READ_RULE.capacity; i++) bucket = budgets.takeRead(`other-${i}`, bucket, shared, 0).bucket;
    // The shared budget refusing costs the user nothing: a new user keeps a full share.
    const refused = budgets.takeRead("late", bucket, shared, 0);
    expect(refused.ok).toBe(false);
    expect(budgets.take("late", "reads", 0, READ_RULE.capacity).ok).toBe(true);
  });
});

/** The page of the room after `start`: `n` messages from seq start + 1. */
const page = (start: number, n = RESUME_PAGE): MessageFrame[] =>
  Array.from({ length: n }, (_, i) => ({ type: "message", seq: start + i + 1, id: `m${start + i + 1}`, clientMsgId: `c${start + i + 1}`, from: "u", at: "t", body: { kind: "text", text: "x" } }));
const FAR = 1e9;

describe("a shard's page cache", () => {
  it("keeps only full pages from a page start that the buffer does not answer", () => {
    const cache = new PageCache();
    expect([0, 1, 199, 200, 399, 401].map(pageStart)).toEqual([0, 0, 0, 200, 200, 400]);
    cache.put(0, page(0), cache.mark(), FAR);
    cache.put(200, page(200, RESUME_PAGE - 1), cache.mark(), FAR);
    cache.put(400, page(400), cache.mark(), 401);
    cache.put(601, page(601), cache.mark(), FAR);
    expect(cache.get(0)).toHaveLength(RESUME_PAGE);
    expect([200, 400, 601].map((k) => cache.get(k))).toEqual([undefined, undefined, undefined]);
    // Once the buffer reaches back over a page, no resume reads it again: dropped.
    cache.put(800, page(800), cache.mark(), 1);
    expect(cache.get(0)).toBeUndefined();
  });

  it("tombstones kept pages as the shard's buffer is, including a delete applied while the page was being read", () => {
    const cache = new PageCache();
    cache.put(0, page(0), cache.mark(), FAR);
    cache.tombstone(5, "d5");
    const buffer = page(0);
    tombstoneIn(buffer, 5, "d5");
    expect(cache.get(0)).toEqual(buffer);
    expect(cache.get(0)![4]).toMatchObject({ seq: 5, body: null, deletedAt: "d5" });

    // Asked of the room, then a delete of a message on it reached the shard, then the room's answer (read before it).
    const mark = cache.mark();
    cache.tombstone(201, "d201");
    const answer = page(200);
    cache.put(200, answer, mark, FAR);
    expect(answer[0]).toMatchObject({ seq: 201, body: null, deletedAt: "d201" });
    expect(cache.get(200)![0]).toMatchObject({ body: null });

    // More deletes meanwhile than it remembers: the answer gets those it knows, and is not kept.
    const early = cache.mark();
    for (let seq = 401; seq <= 600; seq++) cache.tombstone(seq, "late");
    const lost = page(400);
    cache.put(400, lost, early, FAR);
    expect(lost.at(-1)).toMatchObject({ body: null });
    expect(cache.get(400)).toBeUndefined();
  });

  it(`holds at most ${CACHED_PAGES} pages and a bounded size, letting the page furthest behind go`, () => {
    const cache = new PageCache();
    for (let i = 0; i < CACHED_PAGES + 10; i++) cache.put(i * RESUME_PAGE, page(i * RESUME_PAGE), cache.mark(), FAR);
    expect(cache.size).toBe(CACHED_PAGES);
    expect(cache.get(9 * RESUME_PAGE)).toBeUndefined();
    expect(cache.get(10 * RESUME_PAGE)).toBeDefined();
    // A page behind all those kept is answered but not kept: a joiner's scan from 0 cannot flush the newest pages.
    cache.put(0, page(0), cache.mark(), FAR);
    expect(cache.get(0)).toBeUndefined();
    const chars = JSON.stringify(page(4 * RESUME_PAGE)).length;
    const small = new PageCache(CACHED_PAGES, 3 * chars);
    for (let i = 0; i < 5; i++) small.put(i * RESUME_PAGE, page(i * RESUME_PAGE), small.mark(), FAR);
    expect(small.size).toBe(3);
  });
});

describe("replaying moderation", () => {
  const entry = (id: number) => ({ id, frame: { type: "deleted", seq: id, by: "mod", at: "2026-01-01T00:00:00.000Z" } as const });

  it("sends the entries after the client's id up to the head, naming each id, or one reload when the room pruned some of them", () => {
    const page = { items: [3, 4, 5].map(entry), floor: 2 };
    expect(moderationReplay(page, 3, 5)).toEqual({ frames: [4, 5].map((id) => ({ ...entry(id).frame, modId: id })), next: 5 });
    // Up to what a shard relayed, not past it: the rest reaches its viewers live.
    expect(moderationReplay(page, 2, 4).next).toBe(4);
    expect(moderationReplay(page, 1, 5)).toEqual({ frames: [{ type: "reload", modHead: 5 }], next: 5 });
  });

  it("keeps a shard's last MODERATION_TAIL entries, answering only resumes it reaches back to", () => {
    const window = new ModerationWindow();
    expect(window.after(0)).toBeNull();
    window.reset([1, 2, 3].map(entry), 2);
    expect(window.after(0)?.items.map((m) => m.id)).toEqual([1, 2]);
    for (let id = 3; id <= MODERATION_TAIL + 10; id++) window.push(entry(id));
    expect(window.after(10)?.items.map((m) => m.id)).toEqual(Array.from({ length: RESUME_PAGE }, (_, i) => 11 + i));
    expect(window.after(9)).toBeNull();
  });
});
