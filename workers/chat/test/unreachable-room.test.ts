import { afterEach, describe, expect, it, vi } from "vitest";
import type { MessageFrame } from "../../../shared/chat/protocol";
import { ChatClient } from "../../../shared/chat/sdk";
import { countCalls, restoreRoom, roomStub } from "./live-helpers";
import { call, connect, createRoom, TENANT_A, text, token } from "./helpers";
import { WorkerSocket } from "./worker-socket";

afterEach(restoreRoom);

const moderationLog = (room: string) => roomStub(room).moderationAfter(0, 100).then((r) => r.items);
const history = async (room: string) => ((await (await call(`/v1/chat/rooms/${room}/messages?limit=100`, { tenant: TENANT_A })).json()) as { items: MessageFrame[] }).items;

// A shard passes publishes and moderation to the room; when that call throws (overloaded, redeploying, reset) the
// viewer must still get an answer it can act on, or its SDK waits for an ack that never comes.
describe("a live shard whose room call fails", () => {
  it.each(["before", "after"] as const)("answers a publish room_busy naming it (the call failed %s the room stored it); sent again, it is stored once", async (when) => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    countCalls("publishFrom", { failFirst: when });
    const viewer = await connect(room, await token(TENANT_A, "viewer"));
    await viewer.next("hello");
    viewer.send({ type: "publish", clientMsgId: "p1", body: text("hi") });
    expect(await viewer.next("error")).toMatchObject({ code: "room_busy", clientMsgId: "p1", retryAfterMs: 1000 });
    viewer.send({ type: "publish", clientMsgId: "p1", body: text("hi") });
    const ack = await viewer.next("ack");
    expect(ack).toMatchObject({ clientMsgId: "p1", seq: 1 });
    // The room deduplicates by the sender's clientMsgId: the retry of a message it had stored names the first seq.
    expect(ack.duplicate).toBe(when === "after" ? true : undefined);
    expect((await history(room)).map((m) => m.clientMsgId)).toEqual(["p1"]);
  });

  it("answers a moderator's frame room_busy, and the same frame sent again is applied", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
    await mod.next("hello");
    mod.send({ type: "publish", clientMsgId: "oops", body: text("oops") });
    const { seq } = await mod.next("ack");
    countCalls("moderateFrom", { failFirst: "before" });
    mod.send({ type: "delete", seq });
    expect(await mod.next("error")).toMatchObject({ code: "room_busy", retryAfterMs: 1000 });
    mod.send({ type: "delete", seq });
    expect(await mod.next("deleted")).toMatchObject({ seq, by: "mod" });
  });

  it.each(["before", "after"] as const)(
    "answers a moderator's frame room_busy naming its clientMsgId (the call failed %s the room applied it); sent again, it is applied and logged once",
    async (when) => {
      const room = await createRoom(TENANT_A, { kind: "live" });
      const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
      await mod.next("hello");
      countCalls("moderateFrom", { failFirst: when });
      mod.send({ type: "mute", userId: "troll", seconds: 60, clientMsgId: "mute-1" });
      expect(await mod.next("error")).toMatchObject({ code: "room_busy", clientMsgId: "mute-1", retryAfterMs: 1000 });
      mod.send({ type: "mute", userId: "troll", seconds: 60, clientMsgId: "mute-1" });
      expect(await mod.next("applied")).toEqual({ type: "applied", clientMsgId: "mute-1", ...(when === "after" ? { duplicate: true } : {}) });
      // One entry in the room's moderation log, so the shards relay one mute, however often it was sent.
      expect((await moderationLog(room)).map((m) => m.frame)).toEqual([expect.objectContaining({ action: "mute", userId: "troll", by: "mod" })]);
    },
  );

  it("lets the SDK's moderation through: it sends the refused frame again under its clientMsgId, and the room applies it once", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const spam = await roomStub(room).publishFrom({ userId: "viewer", role: "member" }, "spam", text("spam"));
    const calls = countCalls("moderateFrom", { failFirst: "after" });
    const client = new ChatClient({ baseUrl: "https://chat.internal", roomId: room, token: await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }), WebSocket: WorkerSocket, pingIntervalMs: 60_000, random: () => 0 });
    const errors: unknown[] = [];
    client.on("error", (e) => errors.push(e));
    const deleted = new Promise((resolve) => client.on("deleted", resolve));
    client.connect();
    try {
      await new Promise((resolve) => client.on("hello", resolve));
      expect(spam.ok && spam.seq).toBe(1);
      expect(client.deleteMessage(1)).toBe(true);
      expect(await deleted).toMatchObject({ seq: 1, by: "mod" });
      // Sent again after the refusal (retryAfterMs 1000, no jitter here), answered applied (duplicate): nothing left to send.
      await vi.waitFor(() => expect(calls.count).toBe(2), { timeout: 3000, interval: 20 });
      await vi.waitFor(() => expect(client.pendingModeration).toBe(0), { interval: 5 });
      expect(errors).toEqual([expect.objectContaining({ type: "error", code: "room_busy", clientMsgId: expect.any(String) })]);
      expect(await moderationLog(room)).toHaveLength(1);
    } finally {
      client.close();
    }
  });

  it("lets the SDK's publish through: it sends the refused message again under its clientMsgId, and the room holds it once", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    countCalls("publishFrom", { failFirst: "after" });
    const client = new ChatClient({ baseUrl: "https://chat.internal", roomId: room, token: await token(TENANT_A, "viewer"), WebSocket: WorkerSocket, pingIntervalMs: 60_000, random: () => 0 });
    const errors: unknown[] = [];
    client.on("error", (e) => errors.push(e));
    client.connect();
    try {
      const published = await client.publish(text("hi"), { clientMsgId: "sdk-1" });
      expect(published).toEqual({ seq: 1, clientMsgId: "sdk-1" });
      expect(errors).toEqual([expect.objectContaining({ type: "error", code: "room_busy", clientMsgId: "sdk-1" })]);
      expect(client.pending).toBe(0);
      expect((await history(room)).map((m) => m.clientMsgId)).toEqual(["sdk-1"]);
    } finally {
      client.close();
    }
  });
});

// A room object that throws is no bug of the caller's: a 503 with Retry-After they can back off from, not a 500.
describe("the chat routes when a room call fails", () => {
  const expect503 = async (res: Response) => {
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "service_unavailable" });
  };

  it("answers history, room reads and HTTP publishes 503 service_unavailable", async () => {
    const room = await createRoom(TENANT_A);
    countCalls("history", { failFirst: "before" });
    countCalls("info", { failFirst: "before" });
    countCalls("publishFrom", { failFirst: "before" });
    await expect503(await call(`/v1/chat/rooms/${room}/messages`, { tenant: TENANT_A }));
    await expect503(await call(`/v1/chat/rooms/${room}`, { tenant: TENANT_A }));
    await expect503(await call(`/v1/chat/rooms/${room}/messages`, { method: "POST", tenant: TENANT_A, json: { userId: "srv", clientMsgId: "c1", body: text("hi") } }));
    // The next calls go through.
    expect((await call(`/v1/chat/rooms/${room}/messages`, { tenant: TENANT_A })).status).toBe(200);
  });
});
