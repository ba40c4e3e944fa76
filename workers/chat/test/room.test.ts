import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { ChatRoom } from "../src/do/room";
import { roomStub } from "./live-helpers";
import type { MessageFrame } from "../../../shared/chat/protocol";
import { call, connect, createRoom, TENANT_A, TENANT_B, text, token, type TestSocket } from "./helpers";

/** Lets the user's next moved read marker be relayed now, as 2 s later: the relay gate's clock, moved on. */
const ageReadGate = (room: string, userId: string) =>
  runInDurableObject(roomStub(room), (instance: ChatRoom) => {
    (instance as unknown as { reads: { last: Map<string, number> } }).reads.last.set(userId, 0);
  });

describe("a room's messages", () => {
  it("gives concurrent publishes from many sockets gapless seqs, delivered to everyone in one order", async () => {
    const room = await createRoom(TENANT_A);
    const sockets = await Promise.all(["ann", "bob", "cyd"].map(async (u) => connect(room, await token(TENANT_A, u))));
    for (const s of sockets) await s.next("hello");
    const acks = await Promise.all(
      sockets.flatMap((s, i) =>
        Array.from({ length: 10 }, (_, n) => {
          s.send({ type: "publish", clientMsgId: `c${i}-${n}`, body: text(`m ${i} ${n}`) });
          return s.next("ack", (a) => a.clientMsgId === `c${i}-${n}`);
        }),
      ),
    );
    expect(acks.map((a) => a.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const s of sockets) {
      const got: number[] = [];
      for (let i = 0; i < 30; i++) got.push((await s.next("message")).seq);
      expect(got).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
  });

  it("acknowledges a republished clientMsgId with the same seq and delivers nothing new", async () => {
    const room = await createRoom(TENANT_A);
    const a = await connect(room, await token(TENANT_A, "ann"));
    a.send({ type: "publish", clientMsgId: "once", body: text("hi") });
    const first = await a.next("ack");
    a.send({ type: "publish", clientMsgId: "once", body: text("hi again") });
    const again = await a.next("ack");
    expect(again).toMatchObject({ seq: first.seq, duplicate: true });
    a.send({ type: "publish", clientMsgId: "twice", body: text("next") });
    expect((await a.next("ack")).seq).toBe(first.seq + 1);
    expect(a.frames.filter((f) => f.type === "message").map((f) => (f as MessageFrame).seq)).toEqual([1, 2]);
    // Another user's identical clientMsgId is a different message.
    const b = await connect(room, await token(TENANT_A, "bob"));
    b.send({ type: "publish", clientMsgId: "once", body: text("bob's") });
    expect((await b.next("ack")).seq).toBe(3);
  });

  it("resumes after a disconnect with every later message in order, then synced", async () => {
    const room = await createRoom(TENANT_A);
    const a = await connect(room, await token(TENANT_A, "ann"));
    const b = await connect(room, await token(TENANT_A, "bob"));
    a.send({ type: "publish", clientMsgId: "1", body: text("one") });
    await b.next("message");
    b.close();
    // Each publish after the last one's ack: in this harness two frames sent back to back on one socket can
    // reach the room in either order (measured: about one burst in six; a real client over the network, 0 of 60).
    for (const id of ["1", "2", "3", "4"]) {
      if (id !== "1") a.send({ type: "publish", clientMsgId: id, body: text(id) });
      await a.next("ack", (f) => f.clientMsgId === id);
    }
    const back = await connect(room, await token(TENANT_A, "bob"));
    expect(await back.next("hello")).toMatchObject({ seq: 4 });
    back.send({ type: "resume", afterSeq: 1 });
    const got = [await back.next("message"), await back.next("message"), await back.next("message")];
    expect(got.map((m) => [m.seq, m.body])).toEqual([
      [2, text("2")],
      [3, text("3")],
      [4, text("4")],
    ]);
    expect(await back.next("synced")).toMatchObject({ seq: 4 });
  });

  it("creates a room once per Idempotency-Key: a retry replays the first answer", async () => {
    const create = (body: unknown, key: string) => call("/v1/chat/rooms", { method: "POST", tenant: TENANT_A, json: body, headers: { "idempotency-key": key } });
    const first = await create({ kind: "group", title: "Support" }, "room-create-1");
    expect(first.status).toBe(201);
    const room = (await first.json()) as { id: string };
    const again = await create({ kind: "group", title: "Support" }, "room-create-1");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { id: string }).id).toBe(room.id);
    expect((await create({ kind: "group", title: "Other" }, "room-create-1")).status).toBe(409);
    // Keys are per tenant: another tenant's same key is its own.
    const theirs = await call("/v1/chat/rooms", { method: "POST", tenant: TENANT_B, json: { kind: "group", title: "Support" }, headers: { "idempotency-key": "room-create-1" } });
    expect(((await theirs.json()) as { id: string }).id).not.toBe(room.id);
  });

  it("pages history over HTTP in seq order, with a secret key or a token for the room", async () => {
    const room = await createRoom(TENANT_A);
    const a = await connect(room, await token(TENANT_A, "ann"));
    for (let i = 1; i <= 7; i++) {
      a.send({ type: "publish", clientMsgId: `h${i}`, body: text(`h${i}`) });
      await a.next("ack");
    }
    const seqs: number[] = [];
    let url = `/v1/chat/rooms/${room}/messages?limit=3`;
    for (;;) {
      const res = await call(url, { tenant: TENANT_A });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: MessageFrame[]; nextCursor: string | null; latestSeq: number };
      seqs.push(...page.items.map((m) => m.seq));
      if (!page.nextCursor) break;
      url = `/v1/chat/rooms/${room}/messages?limit=3&cursor=${page.nextCursor}`;
    }
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const tok = await token(TENANT_A, "bob", { rooms: [room] });
    const byToken = (await (await call(`/v1/chat/rooms/${room}/messages?afterSeq=5&token=${tok}`)).json()) as { items: MessageFrame[]; unread: number };
    expect(byToken.items.map((m) => m.seq)).toEqual([6, 7]);
    expect(byToken.unread).toBe(7);
  });

  it("announces presence: join to those already there, leave when a user's last socket closes", async () => {
    const room = await createRoom(TENANT_A);
    const a = await connect(room, await token(TENANT_A, "ann"));
    expect(await a.next("hello")).toMatchObject({ online: ["ann"] });
    const b1 = await connect(room, await token(TENANT_A, "bob"));
    expect((await b1.next("hello")).online.sort()).toEqual(["ann", "bob"]);
    expect(await a.next("presence")).toEqual({ type: "presence", userId: "bob", status: "join" });
    const b2 = await connect(room, await token(TENANT_A, "bob"));
    b1.close();
    b2.send({ type: "typing", typing: true });
    expect(await a.next("typing")).toEqual({ type: "typing", userId: "bob", typing: true });
    b2.close();
    expect(await a.next("presence")).toEqual({ type: "presence", userId: "bob", status: "leave" });
    // bob's second socket joining did not announce him twice, nor did closing his first announce a leave.
    expect(a.frames.filter((f) => f.type === "presence")).toHaveLength(2);
  });

  it("keeps read receipts per member, never moving back, and counts unread", async () => {
    const room = await createRoom(TENANT_A);
    const a = await connect(room, await token(TENANT_A, "ann"));
    for (let i = 1; i <= 5; i++) {
      a.send({ type: "publish", clientMsgId: `r${i}`, body: text(`r${i}`) });
      await a.next("ack");
    }
    const b = await connect(room, await token(TENANT_A, "bob"));
    expect(await b.next("hello")).toMatchObject({ seq: 5, lastReadSeq: 0, unread: 5 });
    b.send({ type: "read", seq: 3 });
    expect(await a.next("read")).toEqual({ type: "read", userId: "bob", seq: 3 });
    await ageReadGate(room, "bob");
    // A marker that does not move is stored as it was and relayed to no one.
    b.send({ type: "read", seq: 2 });
    b.send({ type: "read", seq: 3 });
    b.send({ type: "read", seq: 99 });
    expect(await a.next("read")).toEqual({ type: "read", userId: "bob", seq: 5 });
    await new Promise((r) => setTimeout(r, 50));
    expect(a.frames.filter((f) => f.type === "read")).toHaveLength(2);
    b.close();
    const again = await connect(room, await token(TENANT_A, "bob"));
    again.send({ type: "resume", afterSeq: 5 });
    expect(await again.next("synced")).toEqual({ type: "synced", seq: 5, lastReadSeq: 5, unread: 0 });
  });

  it("relays one user's read receipts at most once every 2 s, storing every one", async () => {
    const room = await createRoom(TENANT_A);
    for (let i = 1; i <= 5; i++) await roomStub(room).publishFrom({ userId: "srv", role: "member" }, `r${i}`, text(`r${i}`));
    const a = await connect(room, await token(TENANT_A, "ann"));
    const b = await connect(room, await token(TENANT_A, "bob"));
    await a.next("hello");
    await b.next("hello");
    const started = Date.now();
    for (let seq = 1; seq <= 5; seq++) b.send({ type: "read", seq });
    // Every read is stored; a frame the room sends after them all reaches ann after any relay of theirs.
    await vi.waitFor(async () => expect((await roomStub(room).history(0, 1, { userId: "bob", role: "member" }))).toMatchObject({ lastReadSeq: 5 }), { interval: 10 });
    await roomStub(room).publishFrom({ userId: "srv", role: "member" }, "after", text("after"));
    await a.next("message", (m) => m.clientMsgId === "after");
    const relayed = a.frames.filter((f) => f.type === "read").length;
    expect(relayed).toBeGreaterThanOrEqual(1);
    expect(relayed).toBeLessThanOrEqual(1 + Math.floor((Date.now() - started) / 2000));
  });

  it("validates and stores every rich message kind", async () => {
    const room = await createRoom(TENANT_A);
    const a = await connect(room, await token(TENANT_A, "ann"));
    const bodies = [
      { kind: "image", url: "https://cdn.example.com/a.jpg", width: 800, height: 600, caption: "look" },
      { kind: "video", url: "https://cdn.example.com/v.mp4", width: 1920, height: 1080, durationMs: 15_000 },
      { kind: "product", listingId: "lst_01JDEMO0000000000000000000" },
      { kind: "order", orderId: "ord_123", status: "shipped" },
    ] as const;
    for (const [i, body] of bodies.entries()) {
      a.send({ type: "publish", clientMsgId: `k${i}`, body });
      expect(await a.next("message")).toMatchObject({ seq: i + 1, body });
    }
  });

  it("relays one user's typing at most once every 2 s (and the stop after it), and nothing of a muted user's typing or reads", async () => {
    const room = await createRoom(TENANT_A);
    const watcher = await connect(room, await token(TENANT_A, "watcher"));
    const typist = await connect(room, await token(TENANT_A, "typist"));
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
    await Promise.all([watcher.next("hello"), typist.next("hello"), mod.next("hello")]);
    // The room's clock (Date, shared with the test isolate) stands still until moved by hand: the burst below is
    // "within 2 s" however slowly a loaded machine works through it, and "2 s later" needs no 2 s sleep.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      // 50 frames: within the frame budget, so only the relay rule keeps them from the others. The first start on
      // its own: this harness can hand the room two frames sent back to back in either order (see the resume test
      // above), and a stop first would be all the room relays. After it, any order of the rest relays one stop.
      typist.send({ type: "typing", typing: true });
      await watcher.next("typing", (f) => f.typing);
      for (let i = 1; i < 50; i++) typist.send({ type: "typing", typing: i % 2 === 0 });
      typist.send({ type: "publish", clientMsgId: "p1", body: text("one") });
      await typist.next("ack");
      // Waited for, not slept on: the stop's relay, and the message the room sent the watcher after the burst.
      await Promise.all([watcher.next("typing", (f) => !f.typing), watcher.next("message")]);
      expect(watcher.frames.filter((f) => f.type === "typing")).toEqual([
        { type: "typing", userId: "typist", typing: true },
        { type: "typing", userId: "typist", typing: false },
      ]);
      mod.send({ type: "mute", userId: "typist", seconds: 60 });
      await watcher.next("moderation");
      // Past the typing window (a start would be relayed again), well within the 60 s mute.
      vi.setSystemTime(Date.now() + 2100);
      typist.send({ type: "typing", typing: true });
      typist.send({ type: "read", seq: 1 });
      typist.send({ type: "ping" });
      await typist.next("pong");
      // Then a frame relayed to the watcher after them: anything relayed of the muted typist is there before it.
      mod.send({ type: "publish", clientMsgId: "p2", body: text("two") });
      await watcher.next("message", (m) => m.seq === 2);
      expect(watcher.frames.filter((f) => f.type === "typing")).toHaveLength(2);
      expect(watcher.frames.filter((f) => f.type === "read")).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("leaves presence, typing and reads unrelayed, and `online` bounded, in a room above its ephemeral limit", async () => {
    const room = await createRoom(TENANT_A);
    // 500 in production; 5 here, so the test needs a handful of sockets.
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => void Object.assign(instance, { ephemeralMax: 5 }));
    const first = await connect(room, await token(TENANT_A, "u0"));
    await first.next("hello");
    const sockets: TestSocket[] = [];
    for (let i = 1; i <= 5; i++) sockets.push(await connect(room, await token(TENANT_A, `u${i}`)));
    const last = sockets.at(-1)!;
    expect((await last.next("hello")).online).toHaveLength(5);
    const before = first.frames.length;
    last.send({ type: "typing", typing: true });
    last.send({ type: "read", seq: 0 });
    last.send({ type: "publish", clientMsgId: "big", body: text("heard by all") });
    await first.next("message");
    last.send({ type: "read", seq: 1 });
    last.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(first.frames.slice(before).map((f) => f.type)).toEqual(["message"]);
    for (const s of sockets) s.close();
  });

  it("above its ephemeral limit lists its sockets at most once a second while users connect and type, not per frame", async () => {
    // getWebSockets() builds an array of every socket (~4.5 ms at the room's cap of 10,000): twice a connect and once a
    // typing or read frame, a storm back after a deploy was O(n²). Date stands still below, so all of it is "within a second".
    const room = await createRoom(TENANT_A);
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => void Object.assign(instance, { ephemeralMax: 3 }));
    const early: TestSocket[] = [];
    for (let i = 0; i < 4; i++) early.push(await connect(room, await token(TENANT_A, `e${i}`)));
    for (const s of early) await s.next("hello");
    const asked = { count: 0 };
    await runInDurableObject(roomStub(room), (_: unknown, state: DurableObjectState) => {
      const all = state.getWebSockets.bind(state);
      state.getWebSockets = (tag?: string) => (tag === undefined && asked.count++, all(tag));
    });
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 1000); // past the count's and the online list's last reading: each is asked once
      const late: TestSocket[] = [];
      for (let i = 0; i < 4; i++) {
        const s = await connect(room, await token(TENANT_A, `l${i}`));
        const hello = await s.next("hello");
        expect(hello.online.length).toBeGreaterThan(0);
        s.send({ type: "typing", typing: true });
        late.push(s);
      }
      late[3]!.send({ type: "publish", clientMsgId: "after", body: text("still delivered") });
      await early[0]!.next("message");
      // The count's refresh and one online list; the publish's fan-out lists the sockets it sends to (one more): its
      // rate, which follows the room's sockets, reads the count.
      expect(asked.count).toBe(3);
      for (const s of [...early, ...late]) s.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
