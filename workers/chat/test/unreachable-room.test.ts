import { afterEach, describe, expect, it } from "vitest";
import type { MessageFrame } from "../../../shared/chat/protocol";
import { ChatClient } from "../../../shared/chat/sdk";
import { countCalls, restoreRoom } from "./live-helpers";
import { call, connect, createRoom, TENANT_A, text, token } from "./helpers";
import { WorkerSocket } from "./worker-socket";

afterEach(restoreRoom);

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
