import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ChatRoom } from "../src/do/room";
import { liveRoomRule } from "../src/domain/live-rate";
import { CLOSE, MAX_FRAME_BYTES } from "../../../shared/chat/protocol";
import { connect, createRoom, TENANT_A, text, token } from "./helpers";
import { liveRoom, roomStub, sameShard } from "./live-helpers";

describe("abuse limits", () => {
  it("answers every kind of bad frame with an error frame and keeps serving the room", async () => {
    const room = await createRoom(TENANT_A);
    const a = await connect(room, await token(TENANT_A, "ann"));
    const bad: [string, string][] = [
      ["{not json", "invalid_frame"],
      ["[]", "invalid_frame"],
      ['{"type":"launch"}', "invalid_frame"],
      [JSON.stringify({ type: "publish", clientMsgId: "c", body: { kind: "text", text: "" } }), "invalid_frame"],
      [JSON.stringify({ type: "publish", clientMsgId: "c", body: { kind: "image", url: "javascript:alert(1)", width: 1, height: 1 } }), "invalid_frame"],
      [JSON.stringify({ type: "publish", clientMsgId: "c", body: { kind: "text", text: "x".repeat(4001) } }), "invalid_frame"],
      [JSON.stringify({ type: "publish", clientMsgId: "c", body: { kind: "video", url: "https://x.io/v", width: 1, height: 1, durationMs: -1 } }), "invalid_frame"],
      [JSON.stringify({ type: "publish", clientMsgId: "c", body: { kind: "product", listingId: "1; drop table" } }), "invalid_frame"],
      [JSON.stringify({ type: "resume", afterSeq: -1 }), "invalid_frame"],
    ];
    for (const [frame, code] of bad) {
      a.send(frame);
      expect(await a.next("error")).toMatchObject({ code });
    }
    a.send({ type: "publish", clientMsgId: "ok", body: text("still here") });
    expect(await a.next("ack")).toMatchObject({ seq: 1 });
  });

  it("rate-limits publishes per connection, telling when to retry, without losing the room", async () => {
    const room = await createRoom(TENANT_A);
    const a = await connect(room, await token(TENANT_A, "ann"));
    for (let i = 0; i < 40; i++) a.send({ type: "publish", clientMsgId: `f${i}`, body: text(`${i}`) });
    const limited = await a.next("error", (e) => e.code === "rate_limited");
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    expect(limited.clientMsgId).toMatch(/^f\d+$/);
    const b = await connect(room, await token(TENANT_A, "bob"));
    b.send({ type: "publish", clientMsgId: "b", body: text("another connection has its own budget") });
    expect((await b.next("ack")).seq).toBeGreaterThan(0);
  });

  it("names the afterSeq of a resume its frame budget refused, so the client knows to send that resume again", async () => {
    const room = await createRoom(TENANT_A);
    const a = await connect(room, await token(TENANT_A, "looper"));
    await a.next("hello");
    for (let i = 0; i < 70; i++) a.send({ type: "resume", afterSeq: 0 });
    expect(await a.next("error", (e) => e.code === "rate_limited")).toMatchObject({ afterSeq: 0, retryAfterMs: expect.any(Number) });
  });

  it("keeps a user's spent budget across a reconnect: a fresh socket is no fresh burst", async () => {
    for (const kind of ["group", "live"] as const) {
      const room = await createRoom(TENANT_A, { kind });
      const tok = await token(TENANT_A, `flooder-${kind}`);
      const first = await connect(room, tok);
      await first.next("hello");
      for (let i = 0; i < 25; i++) first.send({ type: "publish", clientMsgId: `a${i}`, body: text(`${i}`) });
      await first.next("error", (e) => e.code === "rate_limited");
      first.close();
      await first.closed;
      const second = await connect(room, tok);
      await second.next("hello");
      for (let i = 0; i < 20; i++) second.send({ type: "publish", clientMsgId: `b${i}`, body: text(`${i}`) });
      const limited = await second.next("error", (e) => e.code === "rate_limited");
      expect(limited.clientMsgId).toMatch(/^b\d+$/);
      second.close();
    }
  });

  it("charges every frame before parsing it: a flood of 2,000 bad frames gets a few answers, then the socket is closed 1008, and the shard keeps delivering", async () => {
    const room = await liveRoom(0);
    const [flooder, viewer] = sameShard(2, "flood");
    const f = await connect(room, await token(TENANT_A, flooder!));
    const v = await connect(room, await token(TENANT_A, viewer!));
    await f.next("hello");
    await v.next("hello");
    // 2,000 is plenty: the socket is closed after ~140 of them, but each frame already sent still reaches the shard.
    for (let i = 0; i < 2000; i++) f.send("{}");
    const t0 = Date.now();
    await roomStub(room).publishFrom({ userId: "seller", role: "host" }, "meanwhile", text("still delivered"));
    expect((await f.closed).code).toBe(CLOSE.policy);
    expect(await v.next("message", (m) => m.clientMsgId === "meanwhile")).toMatchObject({ seq: 1 });
    expect(Date.now() - t0).toBeLessThan(8000);
    const errors = f.frames.filter((x) => x.type === "error");
    // 60 tokens at 5 an invalid frame: 12 answered, then one refusal for every frame dropped unread.
    expect(errors.length).toBeLessThanOrEqual(20);
    expect(errors.at(-1)).toMatchObject({ code: "rate_limited", dropped: true, retryAfterMs: expect.any(Number) });
  });

  it("closes a socket that sends a frame over the size limit (1009) or a binary frame (1008), after one error frame", async () => {
    const room = await createRoom(TENANT_A);
    const big = await connect(room, await token(TENANT_A, "big"));
    await big.next("hello");
    big.send("x".repeat(17 * 1024));
    expect(await big.next("error")).toMatchObject({ code: "frame_too_large" });
    expect((await big.closed).code).toBe(CLOSE.tooBig);
    // Multi-byte characters count as bytes: 6,000 of them are 18,000 bytes.
    const wide = await connect(room, await token(TENANT_A, "wide"));
    wide.send(JSON.stringify({ type: "typing", pad: "张".repeat(6000) }));
    expect((await wide.closed).code).toBe(CLOSE.tooBig);
    expect(MAX_FRAME_BYTES).toBeLessThan(18_000);
    const bin = await connect(room, await token(TENANT_A, "bin"));
    bin.raw.send(new Uint8Array([1, 2, 3]));
    expect((await bin.closed).code).toBe(CLOSE.policy);
  });

  it("answers a refusal past the named overdraft once per wait, not once per frame", async () => {
    const room = await createRoom(TENANT_A);
    const a = await connect(room, await token(TENANT_A, "typist"));
    await a.next("hello");
    // 60 admitted, 20 refused by name, then dropped unread (up to the close at 120 overdrawn).
    for (let i = 0; i < 130; i++) a.send({ type: "typing", typing: true });
    a.send({ type: "ping" });
    await a.next("error", (e) => e.dropped === true);
    await new Promise((r) => setTimeout(r, 100));
    const errors = a.frames.filter((x) => x.type === "error");
    expect(errors.filter((e) => e.type === "error" && e.dropped)).toHaveLength(1);
    expect(errors.length).toBeLessThanOrEqual(25);
  });
});

describe("an ordinary room's publish rate", () => {
  it("follows its socket count as a live room's follows its fullest shard: beyond it room_busy with retryAfterMs", async () => {
    // 10,000 sockets at the measured 12,000 frames/s: 1.2 msgs/s, burst 12, for everyone together.
    expect(liveRoomRule(10_000)).toEqual({ perSecond: 1.2, capacity: 12 });
    const room = await createRoom(TENANT_A);
    const [alice, bob] = [await connect(room, await token(TENANT_A, "alice", { rooms: [room], role: "host" })), await connect(room, await token(TENANT_A, "bob"))];
    await alice.next("hello");
    await bob.next("hello");
    // A room that sends 1 frame a second: 2 sockets give 0.5 msgs/s, burst 5, all of which the host may spend.
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      (instance as unknown as { live: { shardFramesPerSecond: number } }).live.shardFramesPerSecond = 1;
    });
    const rule = liveRoomRule(2, 1);
    const allowed = rule.capacity;
    for (let i = 0; i < allowed + 2; i++) alice.send({ type: "publish", clientMsgId: `m${i}`, body: text(`m${i}`) });
    const busy = await alice.next("error");
    expect(busy).toMatchObject({ code: "room_busy", clientMsgId: expect.stringMatching(/^m/) });
    expect(busy.retryAfterMs).toBeGreaterThan(0);
    // At most one more than the burst allows: half a token a second may refill on a loaded machine meanwhile.
    const acks = alice.frames.slice(0, alice.frames.indexOf(busy)).filter((f) => f.type === "ack").length;
    expect(acks).toBeGreaterThanOrEqual(allowed);
    expect(acks).toBeLessThanOrEqual(allowed + 1);
  });
});
