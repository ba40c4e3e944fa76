import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CLOSE } from "../../../shared/chat/protocol";
import type { ChatShard } from "../src/do/shard";
import { roomName, shardFor, shardName } from "../src/domain/shard";
import { connect, createRoom, TENANT_A, text, token } from "./helpers";

const rooms = () => (env as Env).ROOMS;
const shards = () => (env as Env).SHARDS;

/**
 * What an idle shard looks like when the next event wakes it: a new instance (constructor state only,
 * the identity read back from storage) while its viewers' sockets stayed open through hibernation.
 * vitest-pool-workers cannot evict one object while keeping its sockets, so its memory is reset instead.
 */
async function hibernate(roomId: string, userId: string): Promise<void> {
  const stub = shards().get(shards().idFromName(shardName(TENANT_A, roomId, shardFor(userId, 4))));
  await runInDurableObject(stub, (instance: ChatShard) => {
    Object.assign(instance, { room: null, removed: new Set(), buffer: [], lastSeq: 0, lastMod: 0, pinned: { heads: { seq: 0, mod: 0 }, pins: [] }, booted: false, chain: Promise.resolve(), roomRef: null });
  });
}

describe("a live-room shard woken from hibernation", () => {
  it("relays the message and the moderation that woke it to the viewers it kept", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const viewer = await connect(room, await token(TENANT_A, "sleepy"));
    await viewer.next("hello");
    const seq = rooms().get(rooms().idFromName(roomName(TENANT_A, room)));
    await seq.publishFrom({ userId: "host", role: "host" }, "before", text("before the quiet"));
    await viewer.next("message", (m) => m.clientMsgId === "before");

    await hibernate(room, "sleepy");
    await seq.publishFrom({ userId: "host", role: "host" }, "wake", text("after the quiet"));
    expect(await viewer.next("message", (m) => m.clientMsgId === "wake")).toMatchObject({ seq: 2 });

    await hibernate(room, "sleepy");
    await seq.moderateFrom({ userId: "host", role: "host" }, { type: "delete", seq: 1 });
    expect(await viewer.next("deleted")).toMatchObject({ seq: 1 });

    await hibernate(room, "sleepy");
    await seq.moderateFrom({ userId: "host", role: "host" }, { type: "remove", userId: "sleepy" });
    expect((await viewer.closed).code).toBe(CLOSE.removed);
  });
});
