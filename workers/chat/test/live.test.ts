import { afterEach, describe, expect, it, vi } from "vitest";
import { roomName, shardFor, shardName } from "../src/domain/shard";
import { audienceMemberRule, liveRoomRule, SEQUENCER_RULE, staffReserve } from "../src/domain/live-rate";
import { countCalls, restoreRoom, roomStub, sameShard } from "./live-helpers";
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import type { ChatRoom } from "../src/do/room";
import { call, connect, connectRequest, createRoom, fetchWorker, TENANT_A, text, token } from "./helpers";

/** Viewers whose ids hash to different shards of the 4 in wrangler.toml. */
function viewersOnDistinctShards(n: number): string[] {
  const byShard = new Map<number, string>();
  for (let i = 0; byShard.size < n; i++) if (!byShard.has(shardFor(`v${i}`, 4))) byShard.set(shardFor(`v${i}`, 4), `v${i}`);
  return [...byShard.values()];
}

describe("live rooms through shards", () => {
  it("delivers every message, in seq order, to viewers on every shard, and resumes at a shard", async () => {
    const room = await createRoom(TENANT_A, { kind: "live", title: "launch" });
    expect(room).toMatch(/^live_/);
    const [v1, v2, v3] = viewersOnDistinctShards(3);
    const a = await connect(room, await token(TENANT_A, v1!));
    const b = await connect(room, await token(TENANT_A, v2!));
    await a.next("hello");
    await b.next("hello");
    for (let i = 1; i <= 20; i++) a.send({ type: "publish", clientMsgId: `l${i}`, body: text(`l${i}`) });
    for (let i = 1; i <= 20; i++) expect((await a.next("ack", (f) => f.clientMsgId === `l${i}`)).seq).toBeGreaterThan(0);
    for (const s of [a, b]) {
      const seqs: number[] = [];
      for (let i = 0; i < 20; i++) seqs.push((await s.next("message")).seq);
      expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
    // A late viewer on a third shard resumes from the start.
    const c = await connect(room, await token(TENANT_A, v3!));
    c.send({ type: "resume", afterSeq: 5 });
    const seqs: number[] = [];
    for (let i = 0; i < 15; i++) seqs.push((await c.next("message")).seq);
    expect(seqs).toEqual(Array.from({ length: 15 }, (_, i) => i + 6));
    expect(await c.next("synced")).toMatchObject({ seq: 20 });
    const history = (await (await call(`/v1/chat/rooms/${room}/messages?limit=100`, { tenant: TENANT_A })).json()) as { items: unknown[] };
    expect(history.items).toHaveLength(20);
  });

  it("places a viewer whose shard is full on the next shard with room; only when every shard is full is it 503 shard_full with Retry-After", async () => {
    // The chat project's shards hold 6 viewers (vitest.config.ts; wrangler.toml's cap is 20,000).
    const room = await createRoom(TENANT_A, { kind: "live" });
    const sameShard: string[] = [];
    for (let i = 0; sameShard.length < 7; i++) if (shardFor(`full${i}`, 4) === 0) sameShard.push(`full${i}`);
    const held = [];
    for (const viewer of sameShard.slice(0, 6)) held.push(await connect(room, await token(TENANT_A, viewer)));
    // Shard 0 is full: the seventh, whose id hashes to it, is served by shard 1.
    const seventh = await connect(room, await token(TENANT_A, sameShard[6]!));
    await seventh.next("hello");
    expect(await Promise.all([0, 1, 2, 3].map(viewersOf(room)))).toEqual([6, 1, 0, 0]);
    // Every shard full (4 × 6): a connect is turned away, whatever shard its id hashes to.
    for (let i = 0; i < 17; i++) held.push(await connect(room, await token(TENANT_A, `filler${i}`)));
    expect(await Promise.all([0, 1, 2, 3].map(viewersOf(room)))).toEqual([6, 6, 6, 6]);
    const refused = await fetchWorker(connectRequest(room, await token(TENANT_A, "one-too-many")));
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(((await refused.json()) as { code: string }).code).toBe("shard_full");
    // One leaves: the next connect takes the place, on whichever shard it is.
    held[0]!.close();
    await held[0]!.closed;
    await (await connect(room, await token(TENANT_A, "one-too-many"))).next("hello");
  });

  it("asks the runtime for its socket list at most once a second while viewers connect, not once or twice a connect", async () => {
    // getWebSockets() builds an array of every socket (~9 ms at a full shard's 20,000): per connect, a storm back to a
    // full shard was O(n²). The shard's clock (Date, shared with this isolate) stands still, so the storm is "within a
    // second" however slowly the machine works.
    const room = await createRoom(TENANT_A, { kind: "live" });
    const users = sameShard(6, "storm");
    const first = await connect(room, await token(TENANT_A, users[0]!));
    await first.next("hello");
    const shard = (env as Env).SHARDS.get((env as Env).SHARDS.idFromName(shardName(TENANT_A, room, shardFor(users[0]!, 4))));
    const asked = { count: 0 };
    await runInDurableObject(shard, (_: unknown, state: DurableObjectState) => {
      const all = state.getWebSockets.bind(state);
      state.getWebSockets = (tag?: string) => (tag === undefined && asked.count++, all(tag));
    });
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 1000); // past the count's last refresh: the first connect below asks once
      for (const user of users.slice(1)) await (await connect(room, await token(TENANT_A, user))).next("hello");
      // The count followed the accepts: the shard (6 in this project) is full.
      expect(asked.count).toBe(1);
      // The seventh is turned away to the next shard on the runtime's own count, asked afresh for the refusal alone.
      const seventh = await connect(room, await token(TENANT_A, sameShard(7, "storm")[6]!));
      await seventh.next("hello");
      expect(asked.count).toBe(2);
      expect(await viewersOf(room)(shardFor(users[0]!, 4))).toBe(6);
    } finally {
      vi.useRealTimers();
    }
  });

  it("turns a connect away as shard_full only on the runtime's fresh count: closes that have not come back leave room", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const users = sameShard(6, "fresh");
    const k = shardFor(users[0]!, 4);
    for (const user of users.slice(0, 5)) await (await connect(room, await token(TENANT_A, user))).next("hello");
    // Sockets the shard closed itself (a user's oldest past their 5) whose closes have not reached it yet: its kept
    // count says full (this project's shards hold 6) while the runtime holds 5.
    await runInDurableObject((env as Env).SHARDS.get((env as Env).SHARDS.idFromName(shardName(TENANT_A, room, k))), (shard: unknown) => {
      const viewers = (shard as { viewers: { accepted(): void } }).viewers;
      for (let i = 0; i < 3; i++) viewers.accepted();
    });
    await (await connect(room, await token(TENANT_A, users[5]!))).next("hello");
    expect(await viewersOf(room)(k)).toBe(6);
  });

  it("is idempotent by clientMsgId and relays moderation to every shard", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const [v1, v2] = viewersOnDistinctShards(2);
    const viewer = await connect(room, await token(TENANT_A, v1!));
    const mod = await connect(room, await token(TENANT_A, v2!, { rooms: [room], role: "moderator" }));
    viewer.send({ type: "publish", clientMsgId: "same", body: text("hi") });
    const first = await viewer.next("ack");
    viewer.send({ type: "publish", clientMsgId: "same", body: text("hi") });
    expect(await viewer.next("ack")).toMatchObject({ seq: first.seq, duplicate: true });
    mod.send({ type: "delete", seq: first.seq });
    expect(await viewer.next("deleted")).toMatchObject({ seq: first.seq });
    mod.send({ type: "remove", userId: v1! });
    expect((await viewer.closed).code).toBe(4003);
  });

  it("leaves hosts and moderators a reserve of the room's budget: a crowd that used up its part cannot turn a host away", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const stub = (env as Env).ROOMS.get((env as Env).ROOMS.idFromName(roomName(TENANT_A, room)));
    // Each publish arrives just after the crowd spent all it may: the room's budget is down to the staff's reserve.
    const post = async (userId: string, role: string) => {
      await runInDurableObject(stub, (instance: ChatRoom) => {
        (instance as unknown as { live: { publishes: { tokens: number; at: number } } }).live.publishes = { tokens: staffReserve(SEQUENCER_RULE), at: Date.now() + 60_000 };
      });
      return call(`/v1/chat/rooms/${room}/messages`, { method: "POST", tenant: TENANT_A, json: { userId, role, clientMsgId: `${userId}-1`, body: text("hi") } });
    };
    const busy = await post("viewer", "member");
    expect(busy.status).toBe(429);
    expect(((await busy.json()) as { code: string }).code).toBe("room_busy");
    expect((await post("seller", "host")).status).toBe(201);
    expect((await post("mod", "moderator")).status).toBe(201);
  });
});

/** How many viewers shard k of a live room holds. */
const viewersOf = (room: string) => (k: number) =>
  runInDurableObject((env as Env).SHARDS.get((env as Env).SHARDS.idFromName(shardName(TENANT_A, room, k))), (_: unknown, state: DurableObjectState) => state.getWebSockets().length);

describe("a live room's publish rate", () => {
  afterEach(restoreRoom);

  it("is what its fullest shard can send: a full shard's 0.6 messages a second, bursts of 6, half of them left to hosts and moderators", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    // A shard says it holds wrangler.toml's 20,000 viewers (this project's shards hold 6).
    await roomStub(room).attachShard(3, 20_000);
    const rule = liveRoomRule(20_000);
    expect(rule).toEqual({ perSecond: 0.6, capacity: 6 });
    const publish = (userId: string, role: "member" | "host" | "moderator", n: number) => roomStub(room).publishFrom({ userId, role }, `${userId}-${n}`, text(`${n}`));
    // The audience's burst: down to the staff's reserve of 3 (each member may send one of them: their own share).
    for (let n = 1; n <= 3; n++) expect(await publish(`crowd${n}`, "member", n)).toMatchObject({ ok: true });
    const crowdRefused = await publish("crowd4", "member", 4);
    expect(crowdRefused).toMatchObject({ ok: false, error: { type: "error", code: "room_busy", clientMsgId: "crowd4-4", retryAfterMs: expect.any(Number) } });
    // The reserve is the host's and moderators' (one budget for all of them, however many there are), then they wait too.
    expect(await publish("seller", "host", 1)).toMatchObject({ ok: true });
    expect(await publish("mod", "moderator", 1)).toMatchObject({ ok: true });
    expect(await publish("seller", "host", 2)).toMatchObject({ ok: true });
    const hostRefused = await publish("seller", "host", 3);
    expect(hostRefused).toMatchObject({ ok: false, error: { code: "room_busy", clientMsgId: "seller-3" } });
    // At the rate: the next message in 1 / 0.6 s.
    const wait = (hostRefused as { error: { retryAfterMs: number } }).error.retryAfterMs;
    expect(wait).toBeGreaterThan(1500);
    expect(wait).toBeLessThanOrEqual(Math.ceil(1000 / rule.perSecond));
    await new Promise((r) => setTimeout(r, wait + 20));
    expect(await publish("seller", "host", 3)).toMatchObject({ ok: true });
  });

  it("gives each audience member a share of their own: one cannot take every audience token of a full room", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    await roomStub(room).attachShard(3, 20_000);
    const own = audienceMemberRule(liveRoomRule(20_000));
    expect(own).toEqual({ perSecond: 0.06, capacity: 1 });
    const publish = (userId: string, n: number) => roomStub(room).publishFrom({ userId, role: "member" }, `${userId}-${n}`, text(`${n}`));
    expect(await publish("script", 1)).toMatchObject({ ok: true });
    const refused = await publish("script", 2);
    // rate_limited, not room_busy: a shard told room_busy would hold back its whole audience.
    expect(refused).toMatchObject({ ok: false, error: { code: "rate_limited", clientMsgId: "script-2" } });
    expect((refused as { error: { retryAfterMs: number } }).error.retryAfterMs).toBeGreaterThan(10_000);
    // The rest of the audience's tokens are still there for the others.
    expect(await publish("other", 1)).toMatchObject({ ok: true });
    expect(await publish("third", 1)).toMatchObject({ ok: true });
  });

  it("counts a listed shard whose delivery answers with no count as holding none, not as full", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    // Shard 2 is listed, but this instance has not heard from it (as after a restart). Its object never had a viewer,
    // so a delivery finds no identity there and answers nothing.
    await roomStub(room).attachShard(2, 0);
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      (instance as unknown as { live: { audience: { forget(k: number): void } } }).live.audience.forget(2);
    });
    expect(await fullest(room)).toBe(Infinity);
    expect(await roomStub(room).publishFrom({ userId: "seller", role: "host" }, "h1", text("hello"))).toMatchObject({ ok: true });
    // The delivery of h1 answers: the shard no longer counts as full.
    await until(async () => (await fullest(room)) === 0);
  });

  it("is refused at the shard while the room said it is busy: an audience publish then costs the room no call, a host's still reaches it", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const [viewerId, hostId] = sameShard(2, "gate");
    // Another shard says it holds 20,000 viewers: 0.6 messages a second, bursts of 6, 3 of them the audience's.
    await roomStub(room).attachShard((shardFor(viewerId!, 4) + 1) % 4, 20_000);
    const viewer = await connect(room, await token(TENANT_A, viewerId!));
    const host = await connect(room, await token(TENANT_A, hostId!, { rooms: [room], role: "host" }));
    await viewer.next("hello");
    await host.next("hello");
    // Three members spend the audience's part, one each (a member's own share is one here).
    for (let n = 1; n <= 3; n++) expect(await roomStub(room).publishFrom({ userId: `crowd${n}`, role: "member" }, `c${n}`, text(`${n}`))).toMatchObject({ ok: true });
    viewer.send({ type: "publish", clientMsgId: "v4", body: text("4") });
    const refused = await viewer.next("error", (f) => f.clientMsgId === "v4");
    expect(refused).toMatchObject({ code: "room_busy", retryAfterMs: expect.any(Number) });
    expect(refused.retryAfterMs!).toBeGreaterThan(1000);

    const calls = countCalls("publishFrom");
    viewer.send({ type: "publish", clientMsgId: "v5", body: text("5") });
    const local = await viewer.next("error", (f) => f.clientMsgId === "v5");
    expect(local).toMatchObject({ code: "room_busy" });
    expect(local.retryAfterMs!).toBeGreaterThan(0);
    expect(local.retryAfterMs!).toBeLessThanOrEqual(refused.retryAfterMs!);
    expect(calls.count).toBe(0);
    // Hosts and moderators may spend the reserve: theirs still reach the room.
    host.send({ type: "publish", clientMsgId: "h1", body: text("pinned soon") });
    await host.next("ack", (f) => f.clientMsgId === "h1");
    expect(calls.count).toBe(1);
    // Once the wait is over, the audience's publishes reach the room again.
    await new Promise((r) => setTimeout(r, local.retryAfterMs! + 20));
    viewer.send({ type: "publish", clientMsgId: "v6", body: text("6") });
    await until(async () => calls.count === 2);
  });

  it("refuses before any SQLite read: a refusal costs the room its call, not its storage", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    await roomStub(room).attachShard(3, 20_000);
    for (let n = 1; n <= 3; n++) expect(await roomStub(room).publishFrom({ userId: `crowd${n}`, role: "member" }, `crowd-${n}`, text(`${n}`))).toMatchObject({ ok: true });
    const { answer, reads } = await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      const store = (instance as unknown as { store: Record<"findByClientMsgId" | "member", (...args: unknown[]) => unknown> }).store;
      const originals = { findByClientMsgId: store.findByClientMsgId, member: store.member };
      let reads = 0;
      for (const m of ["findByClientMsgId", "member"] as const) store[m] = (...args: unknown[]) => (reads++, originals[m].apply(store, args));
      try {
        return { answer: instance.publishFrom({ userId: "crowd", role: "member" }, "crowd-4", text("4")), reads };
      } finally {
        Object.assign(store, originals);
      }
    });
    expect(answer).toMatchObject({ ok: false, error: { code: "room_busy", clientMsgId: "crowd-4" } });
    expect(reads).toBe(0);
  });

  it("follows the viewers its shards hold, as they connect and leave", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    // A shard that sends 1 frame a second: 5 viewers make it 0.2 messages a second, bursts of 2, 1 for the audience
    // (a token refills in 5 s, so however slow the machine the second publish finds none).
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      (instance as unknown as { live: { shardFramesPerSecond: number } }).live.shardFramesPerSecond = 1;
    });
    const users = sameShard(5, "crowd");
    const viewers = [];
    for (const u of users) viewers.push(await connect(room, await token(TENANT_A, u)));
    for (const v of viewers) await v.next("hello");
    // Told at connect, before any delivery.
    await until(async () => (await fullest(room)) === 5);
    const publish = (n: number) => roomStub(room).publishFrom({ userId: "crowd", role: "member" }, `c${n}`, text(`${n}`));
    expect(await publish(1)).toMatchObject({ ok: true });
    expect(await publish(2)).toMatchObject({ ok: false, error: { code: "room_busy" } });
    // Four leave; the next delivery says so, and the rate goes up again.
    for (const v of viewers.slice(1)) {
      v.close();
      await v.closed;
    }
    await roomStub(room).publishFrom({ userId: "seller", role: "host" }, "h1", text("still here?"));
    await until(async () => (await fullest(room)) === 1);
  });
});

async function fullest(room: string): Promise<number> {
  return runInDurableObject(roomStub(room), (instance: ChatRoom) => {
    const r = instance as unknown as { live: { audience: { fullest(shards: number[], full: number, now: number): number } }; store: { shards(): number[] } };
    return r.live.audience.fullest(r.store.shards(), Infinity, Date.now());
  });
}

async function until(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  for (let waited = 0; waited < ms; waited += 20) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("not within 3 s");
}
