import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClientFrame, MessageBody, MessageFrame, Pin } from "../../../shared/chat/protocol";
import { messagePin } from "../../../shared/chat/pins";
import type { ChatRoom } from "../src/do/room";
import { shardFor } from "../src/domain/shard";
import { MAX_PINS } from "../src/domain/pins";
import type { RoomStore } from "../src/store/room-store";
import { countCalls, restoreRoom, roomStub, sameShard } from "./live-helpers";
import { call, connect, createRoom, TENANT_A, text, token, type TestSocket } from "./helpers";

const listing = (n: number) => `lst_${String(n).padStart(26, "0")}`;
const product = (n: number): MessageBody => ({ kind: "product", listingId: listing(n) });

afterEach(restoreRoom);

/** The pin rule applied to history, newest first, as a client that reads a room's history would: a listing pinned again moves up. */
function pinsFromHistory(items: MessageFrame[]): Pin[] {
  const pinned = new Map<string, number>();
  for (const m of items) {
    const listingId = messagePin(m);
    if (listingId) pinned.set(listingId, m.seq);
  }
  return [...pinned].map(([listingId, seq]) => ({ seq, listingId })).sort((a, b) => b.seq - a.seq);
}

async function hello(room: string, userId: string, role = "member") {
  return (await connect(room, await token(TENANT_A, userId, { rooms: [room], role }))).next("hello");
}

/** Publishes on a socket and waits for its ack. */
async function publish(s: TestSocket, clientMsgId: string, body: MessageBody): Promise<number> {
  s.send({ type: "publish", clientMsgId, body } satisfies ClientFrame);
  return (await s.next("ack", (a) => a.clientMsgId === clientMsgId)).seq;
}

// A host's product messages are the room's pins. `hello` carries them, so a client that starts near the room's head
// (a live page, `tail`) shows them without reading the history that made them.
describe("the host's pins", () => {
  it("are kept by the room as they happen: a host's products, newest first, a listing pinned again moved up, a deleted one gone", async () => {
    const room = await createRoom(TENANT_A);
    const host = await connect(room, await token(TENANT_A, "seller", { rooms: [room], role: "host" }));
    const member = await connect(room, await token(TENANT_A, "buyer", { rooms: [room] }));
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
    const a = await publish(host, "a", product(1));
    const b = await publish(host, "b", product(2));
    await publish(member, "c", product(3));
    await publish(mod, "d", product(4));
    await publish(host, "t", text("not a pin"));
    const again = await publish(host, "a2", product(1));
    expect(again).toBeGreaterThan(a);
    expect((await hello(room, "late")).pins).toEqual([
      { seq: again, listingId: listing(1) },
      { seq: b, listingId: listing(2) },
    ]);
    mod.send({ type: "delete", seq: b });
    await mod.next("deleted");
    expect((await hello(room, "later")).pins).toEqual([{ seq: again, listingId: listing(1) }]);
    // Deleting the message that pinned a listing again unpins it, as every page that saw the delete shows.
    mod.send({ type: "delete", seq: again });
    await mod.next("deleted", (d) => d.seq === again);
    expect((await hello(room, "latest")).pins).toEqual([]);
  });

  it(`keeps the newest ${MAX_PINS}`, async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      for (let i = 1; i <= MAX_PINS + 5; i++) instance.publishFrom({ userId: "seller", role: "host" }, `p${i}`, product(i));
    });
    const { pins } = await hello(room, "viewer");
    expect(pins.map((p) => p.seq)).toEqual(Array.from({ length: MAX_PINS }, (_, i) => MAX_PINS + 5 - i));
  });

  it("reach a live room's viewers on every shard: one there before the pins, and one whose shard boots after them", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const [early, late] = sameShard(2, "pinview");
    const watcher = await connect(room, await token(TENANT_A, early!, { rooms: [room] }));
    expect((await watcher.next("hello")).pins).toEqual([]);
    // The host pins over HTTP (the console's form without JavaScript) and over its socket.
    const pinned = await call(`/v1/chat/rooms/${room}/messages`, { method: "POST", tenant: TENANT_A, json: { userId: "seller", role: "host", clientMsgId: "form-1", body: product(1) } });
    expect(pinned.status).toBe(201);
    const host = await connect(room, await token(TENANT_A, "seller", { rooms: [room], role: "host" }));
    await publish(host, "sock-1", product(2));
    await watcher.next("message", (m) => m.seq === 2);
    const expected = [
      { seq: 2, listingId: listing(2) },
      { seq: 1, listingId: listing(1) },
    ];
    // The watcher's shard was running before the pins: they reached it with its deliveries.
    expect((await hello(room, late!)).pins).toEqual(expected);
    // A shard no one had connected to boots from the room with them.
    const fresh = Array.from({ length: 50 }, (_, i) => `fresh${i}`).find((u) => ![early!, "seller"].some((v) => shardFor(v, 4) === shardFor(u, 4)))!;
    expect((await hello(room, fresh)).pins).toEqual(expected);
  });

  // Pins of a room from before the room kept them can be rebuilt from its history only if every message says as what
  // its sender published it: a sender's role is per room and per token, so neither their id nor their role now tells.
  it.each(["group", "live"] as const)("can be rebuilt from a %s room's stored history: each message records its sender's role then", async (kind) => {
    const room = await createRoom(TENANT_A, { kind });
    const as = async (userId: string, role: string) => {
      const s = await connect(room, await token(TENANT_A, userId, { rooms: [room], role }));
      await s.next("hello");
      return s;
    };
    await publish(await as("seller", "host"), "a", product(1));
    const form = await call(`/v1/chat/rooms/${room}/messages`, { method: "POST", tenant: TENANT_A, json: { userId: "seller", role: "host", clientMsgId: "form", body: product(2) } });
    expect(form.status).toBe(201);
    await publish(await as("buyer", "member"), "b", product(3));
    await publish(await as("mod", "moderator"), "c", product(4));
    // The seller, with a member's token this time: their message is chat, not a pin, and their role now is a member's.
    await publish(await as("seller", "member"), "d", product(5));
    const items = ((await (await call(`/v1/chat/rooms/${room}/messages`, { tenant: TENANT_A })).json()) as { items: MessageFrame[] }).items;
    expect(items.map((m) => [m.from, m.role])).toEqual([
      ["seller", "host"],
      ["seller", "host"],
      ["buyer", "member"],
      ["mod", "moderator"],
      ["seller", "member"],
    ]);
    const kept = await runInDurableObject(roomStub(room), (instance: ChatRoom) => (instance as unknown as { store: RoomStore }).store.pins);
    expect(kept).toEqual([
      { seq: 2, listingId: listing(2) },
      { seq: 1, listingId: listing(1) },
    ]);
    expect(pinsFromHistory(items)).toEqual(kept);
  });

  it("reach a viewer who connects after a delivery that failed partway: its catch-up read from the room threw", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const [early, late] = sameShard(2, "pinfail");
    const watcher = await connect(room, await token(TENANT_A, early!, { rooms: [room] }));
    await watcher.next("hello");
    // More at once than one delivery carries (256): the second batch's heads are past its last item, so the shard
    // reads the rest from the room, and that read throws after the batch, the pin in it included, went out.
    const reads = countCalls("range", { failFirst: "before" });
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      instance.publishFrom({ userId: "seller", role: "host" }, "t0", text("welcome"));
      instance.publishFrom({ userId: "seller", role: "host" }, "pin", product(1));
      for (let i = 1; i <= 300; i++) instance.publishFrom({ userId: "seller", role: "host" }, `t${i}`, text(`m${i}`));
    });
    await watcher.next("message", (m) => m.seq === 257);
    await vi.waitFor(() => expect(reads.count).toBe(1), { interval: 1 });
    // Connected before the fanout's retry (100 ms on) makes the shard whole: its hello names seq 257, and the pin at 2.
    expect((await hello(room, late!)).pins).toEqual([{ seq: 2, listingId: listing(1) }]);
  });
});
