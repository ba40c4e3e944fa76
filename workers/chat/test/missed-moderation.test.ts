import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { CLOSE, RESUME_PAGE, type MessageFrame, type ServerFrame } from "../../../shared/chat/protocol";
import { ChatClient } from "../../../shared/chat/sdk/client";
import type { ChatRoom } from "../src/do/room";
import type { ChatShard } from "../src/do/shard";
import { LIVE_READ_RULE, READ_RULE, shardReadRule } from "../src/domain/bucket";
import { shardFor, shardName } from "../src/domain/shard";
import { connect, createRoom, TENANT_A, text, token, type TestSocket } from "./helpers";
import { answers, countCalls, restoreRoom, roomStub, sameShard } from "./live-helpers";
import { WorkerSocket } from "./worker-socket";

afterEach(restoreRoom);

const host = { userId: "seller", role: "host" } as const;
/** A shard that keeps none of the moderation it applied (its window reaches back no further than its head). */
const forgetWindow = (instance: ChatShard) => (instance as unknown as { modWindow: { reset(): void } }).modWindow.reset();
const shardOf = (room: string, userId: string) => (env as Env).SHARDS.get((env as Env).SHARDS.idFromName(shardName(TENANT_A, room, shardFor(userId, 4))));

type Store = { moderationKept: number; markDeleted(seq: number, by: string, at: string): boolean; remove(userId: string): void; logModeration(f: ServerFrame): number };
const storeOf = (instance: ChatRoom) => (instance as unknown as { store: Store }).store;
type Budgets = { budgets: { byUser: Map<string, { reads: { tokens: number; at: number } }> } };
const readsLeft = (instance: ChatRoom | ChatShard, userId: string) => Math.floor((instance as unknown as Budgets).budgets.byUser.get(userId)!.reads.tokens);

/**
 * The real SDK over a worker socket, live in `room`, with the `deleted` seqs it emits. `goAway()` drops it and holds
 * its reconnect (in its token function) until the function it returns is called, which resolves once it is live again.
 */
async function sdkClient(room: string, tok: string) {
  let away: Promise<void> = Promise.resolve();
  const client = new ChatClient({ baseUrl: "https://chat.internal", roomId: room, token: async () => (await away, tok), WebSocket: WorkerSocket, pingIntervalMs: 60_000 });
  const deleted: number[] = [];
  client.on("deleted", (d) => deleted.push(d.seq));
  const live = () => new Promise<void>((resolve) => client.on("state", (s) => s === "live" && resolve()));
  const first = live();
  client.connect();
  await first;
  const goAway = () => {
    let back!: () => void;
    away = new Promise((r) => (back = r));
    const again = live();
    client.reconnect();
    return () => (back(), again);
  };
  return { client, deleted, goAway };
}

/** Sends a resume and returns what it was answered: the frames up to and including its `page`, `synced` or refusal. */
async function resume(s: TestSocket, frame: { afterSeq: number; afterMod?: number }): Promise<ServerFrame[]> {
  const from = s.frames.length;
  s.send({ type: "resume", ...frame });
  const [end] = await answers(s, from, 1);
  return s.frames.slice(from, s.frames.indexOf(end!) + 1);
}

/** Publishes n messages as the host through the room's RPC (no socket's rate in the way). */
async function publish(room: string, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    const r = await roomStub(room).publishFrom(host, crypto.randomUUID(), text(`m${i}`));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }
}

describe("moderation made while a client was away (afterMod)", () => {
  it("is replayed to an ordinary room's client on resume, before synced, for messages it already had; a client naming no afterMod gets what it did before", async () => {
    const room = await createRoom(TENANT_A);
    await publish(room, 3);
    const ann = await connect(room, await token(TENANT_A, "ann"));
    expect(await ann.next("hello")).toMatchObject({ modHead: 0 });
    expect((await resume(ann, { afterSeq: 0, afterMod: 0 })).at(-1)).toMatchObject({ type: "synced", seq: 3 });
    ann.close();
    await ann.closed;
    // While ann is away: a delete of a message she has, and a mute.
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
    mod.send({ type: "delete", seq: 2, clientMsgId: "d" });
    await mod.next("applied");
    mod.send({ type: "mute", userId: "troll", seconds: 60, clientMsgId: "m" });
    await mod.next("applied");
    expect(await mod.next("deleted")).toMatchObject({ seq: 2, modId: 1 });

    const back = await connect(room, await token(TENANT_A, "ann"));
    expect(await back.next("hello")).toMatchObject({ modHead: 2 });
    expect(await resume(back, { afterSeq: 3, afterMod: 0 })).toEqual([
      { type: "deleted", seq: 2, by: "mod", at: expect.any(String), modId: 1 },
      { type: "moderation", action: "mute", userId: "troll", by: "mod", until: expect.any(String), modId: 2 },
      expect.objectContaining({ type: "synced", seq: 3 }),
    ]);
    // Caught up: nothing again; and a client from before afterMod is answered as before.
    expect(await resume(back, { afterSeq: 3, afterMod: 2 })).toEqual([expect.objectContaining({ type: "synced", seq: 3 })]);
    expect(await resume(back, { afterSeq: 3 })).toEqual([expect.objectContaining({ type: "synced", seq: 3 })]);
  });

  it("reaches the SDK after a reconnect: a delete of a message at or below its lastSeq is emitted as `deleted`", async () => {
    const room = await createRoom(TENANT_A);
    await publish(room, 3);
    const { client, deleted, goAway } = await sdkClient(room, await token(TENANT_A, "ann"));
    expect(client.lastSeq).toBe(3);
    expect(client.lastModId).toBe(0);

    // The reconnect is held until the moderator has deleted: the client is away meanwhile.
    const comeBack = goAway();
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
    mod.send({ type: "delete", seq: 2, clientMsgId: "d" });
    await mod.next("applied");
    expect(deleted).toEqual([]);
    await comeBack();
    expect(deleted).toEqual([2]);
    expect(client.lastSeq).toBe(3);
    expect(client.lastModId).toBe(1);
    client.close();
  });

  it("is replayed by a live room's shard from what it keeps, or from the room past it", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    await publish(room, 3);
    const asked = countCalls("moderationFor");
    const [user, other] = sameShard(2, "kept");
    const viewer = await connect(room, await token(TENANT_A, user!));
    const watcher = await connect(room, await token(TENANT_A, other!));
    expect(await viewer.next("hello")).toMatchObject({ modHead: 0 });
    await watcher.next("hello");
    viewer.close();
    await viewer.closed;
    await roomStub(room).moderateFrom(host, { type: "delete", seq: 2 });
    await roomStub(room).moderateFrom(host, { type: "delete", seq: 3 });
    // Relayed to the shard (a delivery each), which the viewer still there sees.
    await watcher.next("deleted", (d) => d.modId === 2);

    const back = await connect(room, await token(TENANT_A, user!));
    expect(await back.next("hello")).toMatchObject({ modHead: 2 });
    const replayed = (frames: ServerFrame[]) => frames.flatMap((f) => (f.type === "deleted" ? [[f.seq, f.modId]] : []));
    const fromShard = await resume(back, { afterSeq: 3, afterMod: 0 });
    expect(replayed(fromShard)).toEqual([
      [2, 1],
      [3, 2],
    ]);
    expect(fromShard.at(-1)).toMatchObject({ type: "synced", seq: 3 });
    expect(asked.count).toBe(0);

    // A shard that keeps none of it asks the room.
    await runInDurableObject(shardOf(room, user!), forgetWindow);
    const fromRoom = await resume(back, { afterSeq: 3, afterMod: 1 });
    expect(replayed(fromRoom)).toEqual([[3, 2]]);
    expect(fromRoom.at(-1)).toMatchObject({ type: "synced", seq: 3 });
    expect(asked.count).toBe(1);
  });

  it("reaches the SDK through a shard: the replayed delete is emitted for a message delivered before the drop", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    await publish(room, 3);
    const [user, other] = sameShard(2, "sdk");
    const watcher = await connect(room, await token(TENANT_A, other!));
    await watcher.next("hello");
    const { client, deleted, goAway } = await sdkClient(room, await token(TENANT_A, user!));
    const comeBack = goAway();
    await roomStub(room).moderateFrom(host, { type: "delete", seq: 1 });
    // At the shard before the client is back: it is replayed there, not relayed live.
    await watcher.next("deleted");
    await comeBack();
    expect(deleted).toEqual([1]);
    expect(client.lastModId).toBe(1);
    client.close();
  });
});

describe("a client further behind than the room keeps moderation", () => {
  it("is told to reload in an ordinary room (the room keeps the newest moderationKept), and replayed what is kept when it is not that far behind", async () => {
    const room = await createRoom(TENANT_A);
    await publish(room, 3);
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      storeOf(instance).moderationKept = 2;
    });
    for (const seq of [1, 2, 3]) await roomStub(room).moderateFrom(host, { type: "delete", seq });
    const ann = await connect(room, await token(TENANT_A, "ann"));
    await ann.next("hello");
    // Entry 1 is gone: a client that last applied 0 cannot be replayed, and is told so rather than told nothing.
    expect(await resume(ann, { afterSeq: 3, afterMod: 0 })).toEqual([{ type: "reload", modHead: 3 }, expect.objectContaining({ type: "synced", seq: 3 })]);
    expect((await resume(ann, { afterSeq: 3, afterMod: 1 })).map((f) => f.type === "deleted" && f.seq)).toEqual([2, 3, false]);
    await runInDurableObject(roomStub(room), (_: ChatRoom, state) => {
      expect(state.storage.sql.exec("SELECT COUNT(*) AS n FROM moderation_log").one().n).toBe(2);
    });
  });

  it("is told to reload at a live room's shard when the room no longer keeps what it missed", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    await publish(room, 3);
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      storeOf(instance).moderationKept = 2;
    });
    const viewer = await connect(room, await token(TENANT_A, "far"));
    await viewer.next("hello");
    for (const seq of [1, 2, 3]) await roomStub(room).moderateFrom(host, { type: "delete", seq });
    await viewer.next("deleted", (d) => d.modId === 3);
    await runInDurableObject(shardOf(room, "far"), forgetWindow);
    expect(await resume(viewer, { afterSeq: 3, afterMod: 0 })).toEqual([{ type: "reload", modHead: 3 }, expect.objectContaining({ type: "synced", seq: 3 })]);
  });

  it("makes a shard that missed pruned moderation start over: removed users closed, its buffer read again, its viewers told to reload", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    await publish(room, 3);
    const [watcher, troll] = sameShard(2, "pruned");
    const w = await connect(room, await token(TENANT_A, watcher!));
    const t = await connect(room, await token(TENANT_A, troll!));
    await Promise.all([w.next("hello"), t.next("hello")]);
    // Moderation the shard never heard of (every delivery of it failed), more than the room keeps.
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      const store = storeOf(instance);
      store.moderationKept = 2;
      const at = new Date().toISOString();
      // Entries 1 and 2 are pruned by the time entry 4 is logged.
      store.markDeleted(1, "seller", at);
      store.logModeration({ type: "deleted", seq: 1, by: "seller", at });
      store.remove(troll!);
      store.logModeration({ type: "moderation", action: "remove", userId: troll!, by: "seller" });
      store.markDeleted(2, "seller", at);
      store.logModeration({ type: "deleted", seq: 2, by: "seller", at });
      store.logModeration({ type: "moderation", action: "mute", userId: "noisy", by: "seller", until: "2030-01-01T00:00:00.000Z" });
    });
    // The next delivery carries the heads: the shard finds entries 1 and 2 gone.
    await publish(room, 1);
    expect(await w.next("reload")).toEqual({ type: "reload", modHead: 2 });
    expect(await w.next("deleted")).toMatchObject({ seq: 2, modId: 3 });
    expect(await w.next("moderation")).toMatchObject({ action: "mute", modId: 4 });
    expect((await t.closed).code).toBe(CLOSE.removed);
    // Message 1's delete was never relayed, yet the shard's buffer now has it deleted.
    const replay = (await resume(w, { afterSeq: 0 })).filter((f): f is MessageFrame => f.type === "message");
    expect(replay.map((m) => [m.seq, m.body === null])).toEqual([
      [1, true],
      [2, true],
      [3, false],
      [4, false],
    ]);
  });
});

describe("replaying moderation", () => {
  it("answers a page of RESUME_PAGE entries at a time, each page a read of the member's share, like a page of messages", async () => {
    const room = await createRoom(TENANT_A);
    await publish(room, 2);
    const n = RESUME_PAGE + 50;
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      for (let i = 0; i < n; i++) storeOf(instance).logModeration({ type: "moderation", action: "mute", userId: `u${i}`, by: "seller", until: "2030-01-01T00:00:00.000Z" });
    });
    const ann = await connect(room, await token(TENANT_A, "ann"));
    await ann.next("hello");
    const first = await resume(ann, { afterSeq: 2, afterMod: 0 });
    expect(first.filter((f) => f.type === "moderation")).toHaveLength(RESUME_PAGE);
    expect(first.at(-1)).toEqual({ type: "page", seq: 2, latestSeq: 2 });
    // One page, one read of a full share (the first take of a full bucket leaves exactly one fewer).
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      expect(readsLeft(instance, "ann")).toBe(READ_RULE.capacity - 1);
      (instance as unknown as Budgets).budgets.byUser.get("ann")!.reads = { tokens: READ_RULE.capacity, at: Date.now() };
    });
    const rest = await resume(ann, { afterSeq: 2, afterMod: RESUME_PAGE });
    expect(rest.filter((f) => f.type === "moderation").map((f) => (f as { modId: number }).modId)).toEqual(Array.from({ length: 50 }, (_, i) => RESUME_PAGE + i + 1));
    expect(rest.at(-1)).toMatchObject({ type: "synced", seq: 2 });
    // The rest of the moderation and then the messages, in one answer (one turn): two reads.
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      expect(readsLeft(instance, "ann")).toBe(READ_RULE.capacity - 2);
    });
  });

  it("spends a live viewer's share at its shard, and the shard's and the room's read budgets when the room is asked", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    await publish(room, 2);
    const viewer = await connect(room, await token(TENANT_A, "spender"));
    await viewer.next("hello");
    await roomStub(room).moderateFrom(host, { type: "delete", seq: 1 });
    await viewer.next("deleted");
    await runInDurableObject(shardOf(room, "spender"), forgetWindow);
    const started = Date.now();
    const answer = await resume(viewer, { afterSeq: 2, afterMod: 0 });
    expect(answer.map((f) => f.type)).toEqual(["deleted", "synced"]);
    // A page of moderation from the room and one of messages from the buffer: two of the viewer's share (less what
    // refilled while the room was asked); one of the shard's share of the room's budget, and one of the room's.
    const refilled = ((Date.now() - started) / 1000) * READ_RULE.perSecond;
    await runInDurableObject(shardOf(room, "spender"), (instance: ChatShard) => {
      const left = (instance as unknown as Budgets).budgets.byUser.get("spender")!.reads.tokens;
      expect(left).toBeGreaterThanOrEqual(READ_RULE.capacity - 2);
      expect(left).toBeLessThanOrEqual(READ_RULE.capacity - 2 + refilled);
      expect(Math.floor((instance as unknown as { readBudget: { tokens: number } }).readBudget.tokens)).toBe(shardReadRule(4).capacity - 1);
    });
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      expect(Math.floor((instance as unknown as { live: { reads: { tokens: number } } }).live.reads.tokens)).toBe(LIVE_READ_RULE.capacity - 1);
    });
  });
});
