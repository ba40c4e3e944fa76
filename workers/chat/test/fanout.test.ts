import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CLOSE, type ServerFrame } from "../../../shared/chat/protocol";
import type { ChatRoom } from "../src/do/room";
import { MAX_PENDING, ShardFanout, type Delivery } from "../src/do/fanout";
import { roomName, shardFor, shardName } from "../src/domain/shard";
import { connect, createRoom, TENANT_A, text, token } from "./helpers";

const removal: ServerFrame = { type: "moderation", action: "remove", userId: "troll", by: "mod" };

describe("live-room fanout when deliveries fail", () => {
  it("keeps trying a shard whose batch failed, with the room's heads, until one gets through", async () => {
    const calls: Delivery[] = [];
    let failuresLeft = 2;
    let behind = 0;
    const fanout = new ShardFanout(
      () => ({
        deliver: async (d: Delivery) => {
          calls.push(d);
          if (failuresLeft-- > 0) throw new Error("shard unreachable");
        },
      }),
      () => ({ heads: { seq: 7, mod: 3 }, pins: [] }),
      () => behind++,
    );
    fanout.push([0], { frame: removal, modId: 3 });
    for (let waited = 0; calls.length < 3 && waited < 3000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    // The failed batch was not the end of it: retries followed without any new frame, each with the heads.
    expect(calls.length).toBe(3);
    expect(calls.every((d) => d.heads.mod === 3 && d.heads.seq === 7)).toBe(true);
    expect(behind).toBe(2);
    expect(fanout.behind).toEqual([]);
  });

  it("keeps at most MAX_PENDING frames for a shard whose delivery hangs; the next delivery carries the newest and the heads", async () => {
    const calls: Delivery[] = [];
    let release!: () => void;
    const hang = new Promise<void>((r) => (release = r));
    let seq = 0;
    const fanout = new ShardFanout(
      () => ({
        deliver: async (d: Delivery) => {
          calls.push(d);
          if (calls.length === 1) await hang;
        },
      }),
      () => ({ heads: { seq, mod: 0 }, pins: [] }),
    );
    const frame = (n: number): ServerFrame => ({ type: "message", seq: n, id: `m${n}`, clientMsgId: `c${n}`, from: "u", at: "2026-01-01T00:00:00.000Z", body: { kind: "text", text: "x" } });
    for (seq = 1; seq <= 100_000; seq++) fanout.push([0], { frame: frame(seq) });
    seq = 100_000;
    const queue = (fanout as unknown as { queues: Map<number, { pending: unknown[] }> }).queues.get(0)!;
    expect(queue.pending.length).toBe(MAX_PENDING);
    release();
    for (let waited = 0; calls.length < 2 && waited < 3000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    // The newest frames ride on; the heads make the shard read the dropped ones from the room.
    expect(calls[1]!.heads.seq).toBe(100_000);
    expect((calls.at(-1)!.items.at(-1)!.frame as { seq: number }).seq).toBe(100_000);
    expect((calls[1]!.items[0]!.frame as { seq: number }).seq).toBe(100_000 - MAX_PENDING + 1);
  });

  it("brings a removal and a delete to a shard that never received them, with the next delivery", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const troll = await connect(room, await token(TENANT_A, "troll"));
    await troll.next("hello");
    // A viewer on the troll's shard, there before the moderation it must still hear of.
    const viewer = await connect(room, await token(TENANT_A, Array.from({ length: 50 }, (_, i) => `v${i}`).find((u) => shardFor(u, 4) === shardFor("troll", 4))!));
    await viewer.next("hello");
    troll.send({ type: "publish", clientMsgId: "t1", body: text("spam") });
    const spam = await troll.next("ack");
    await troll.next("message");
    // Moderation the shards never heard of: written to the room's store and log, as if every delivery of it failed and the room then restarted.
    const stub = (env as Env).ROOMS.get((env as Env).ROOMS.idFromName(roomName(TENANT_A, room)));
    await runInDurableObject(stub, (instance: ChatRoom) => {
      const store = (instance as unknown as { store: { remove(u: string): void; markDeleted(s: number, by: string, at: string): boolean; logModeration(f: ServerFrame): number } }).store;
      const at = new Date().toISOString();
      store.markDeleted(spam.seq, "mod", at);
      store.logModeration({ type: "deleted", seq: spam.seq, by: "mod", at });
      store.remove("troll");
      store.logModeration(removal);
    });
    // Any later delivery carries the heads; the shard reads the moderation it missed.
    await stub.publishFrom({ userId: "host", role: "host" }, "after", text("carry on"));
    expect((await troll.closed).code).toBe(CLOSE.removed);
    expect(await viewer.next("deleted")).toMatchObject({ seq: spam.seq });
  });

  it("re-syncs every shard from the room's alarm, the backstop when the room restarts before its retries succeed", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const troll = await connect(room, await token(TENANT_A, "troll"));
    await troll.next("hello");
    const stub = (env as Env).ROOMS.get((env as Env).ROOMS.idFromName(roomName(TENANT_A, room)));
    await runInDurableObject(stub, async (instance: ChatRoom) => {
      const store = (instance as unknown as { store: { remove(u: string): void; logModeration(f: ServerFrame): number } }).store;
      store.remove("troll");
      store.logModeration(removal);
      await instance.alarm();
    });
    expect((await troll.closed).code).toBe(CLOSE.removed);
  });

  it("arms the backstop with the write: a room reset while a message and a removal sat in its queue still brings them to every shard", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const viewer = await connect(room, await token(TENANT_A, "listener"));
    const troll = await connect(room, await token(TENANT_A, "troll"));
    await Promise.all([viewer.next("hello"), troll.next("hello")]);
    const stub = (env as Env).ROOMS.get((env as Env).ROOMS.idFromName(roomName(TENANT_A, room)));
    await runInDurableObject(stub, async (instance: ChatRoom) => {
      const fanout = (instance as unknown as { fanout: { push: unknown } }).fanout;
      // Every delivery hangs: the frames stay in the room's memory, as when it is reset before they leave.
      const push = fanout.push;
      fanout.push = () => {};
      instance.publishFrom({ userId: "host", role: "host" }, "lost", text("queued when the room was reset"));
      instance.moderateFrom({ userId: "host", role: "host" }, { type: "remove", userId: "troll" });
      fanout.push = push;
      const { ctx, store } = instance as unknown as { ctx: DurableObjectState; store: { latestSeq: number; moderationHead: number } };
      expect(await ctx.storage.getAlarm()).not.toBeNull();
      // The reset: a fresh instance's memory (an empty queue, nothing emitted, no alarm known to be armed).
      const shards = (env as Env).SHARDS;
      const fresh = new ShardFanout(
        (k) => shards.get(shards.idFromName(shardName(TENANT_A, room, k))),
        () => ({ heads: { seq: store.latestSeq, mod: store.moderationHead }, pins: [] }),
      );
      Object.assign(instance, { fanout: fresh, emitted: false, resyncArmed: false });
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await viewer.next("message", (m) => m.clientMsgId === "lost")).toMatchObject({ seq: 1 });
    expect((await troll.closed).code).toBe(CLOSE.removed);
  });
});

describe("the shards a live room sends to", () => {
  it("drops a shard whose viewers all left a while ago at its next delivery, and takes it back when a viewer comes", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const stub = (env as Env).ROOMS.get((env as Env).ROOMS.idFromName(roomName(TENANT_A, room)));
    const shards = () => runInDurableObject(stub, (instance: ChatRoom) => (instance as unknown as { store: { shards(): number[] } }).store.shards());
    const stays = "stays";
    const leaves = Array.from({ length: 50 }, (_, i) => `leaves${i}`).find((u) => shardFor(u, 4) !== shardFor(stays, 4))!;
    const [ka, kb] = [shardFor(stays, 4), shardFor(leaves, 4)];
    const shard = (env as Env).SHARDS.get((env as Env).SHARDS.idFromName(shardName(TENANT_A, room, kb)));
    const a = await connect(room, await token(TENANT_A, stays));
    const b = await connect(room, await token(TENANT_A, leaves));
    await Promise.all([a.next("hello"), b.next("hello")]);
    expect(await shards()).toEqual([ka, kb].sort());
    b.close();
    await b.closed;
    let n = 0;
    const publish = () => stub.publishFrom({ userId: "host", role: "host" }, `p${++n}`, text(`${n}`));
    // Just emptied: a delivery finds it so, and the shard stays (a viewer who drops comes back to it as it was).
    await until(async () => {
      await publish();
      return runInDurableObject(shard, (instance: unknown) => (instance as { emptySince: number | null }).emptySince !== null);
    });
    expect(await shards()).toEqual([ka, kb].sort());
    // Empty for long enough (lowered from 60 s): the next delivery has the room forget it.
    await runInDurableObject(shard, (instance: unknown) => {
      (instance as { detachAfterMs: number }).detachAfterMs = 0;
    });
    await until(async () => {
      await publish();
      return (await shards()).join() === String(ka);
    });
    // A viewer comes back: the shard registers again before admitting them, and relays what follows.
    const back = await connect(room, await token(TENANT_A, leaves));
    await back.next("hello");
    expect(await shards()).toEqual([ka, kb].sort());
    const { seq } = (await publish()) as { seq: number };
    expect(await back.next("message")).toMatchObject({ seq });
    expect(await a.next("message", (m) => m.seq === seq)).toMatchObject({ seq });
  });
});

async function until(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  for (let waited = 0; waited < ms; waited += 20) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`not within ${ms} ms`);
}
