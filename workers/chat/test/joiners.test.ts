import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { RESUME_PAGE, type MessageFrame } from "../../../shared/chat/protocol";
import { ChatClient } from "../../../shared/chat/sdk";
import type { ChatRoom } from "../src/do/room";
import { answers, ask, countCalls, liveRoom, restoreRoom, resumeAll, roomStub, sameShard } from "./live-helpers";
import { connect, TENANT_A, token } from "./helpers";
import { WorkerSocket } from "./worker-socket";

afterEach(restoreRoom);

const seqs = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("viewers joining a long live room", () => {
  it("cost the room one read per page however many join from seq 0, and never see a message deleted after its page was kept", async () => {
    // After a boot the shard holds the last 200 messages: the 6 pages before them (0…1,200) are read from the room.
    const total = 6 * RESUME_PAGE + 100;
    const room = await liveRoom(total);
    const asked = countCalls("replayFor");
    const users = sameShard(6, "joiner");
    const first = await Promise.all(users.slice(0, 5).map(async (u) => connect(room, await token(TENANT_A, u))));
    for (const v of first) await v.next("hello");
    // Five join at once, each resuming from 0 page by page, as the SDK does.
    for (const got of await Promise.all(first.map(resumeAll))) expect(got.map((m) => m.seq)).toEqual(seqs(total));
    expect(asked.count).toBe(6);

    // A moderator deletes a message on a kept page and one in the buffer; the shard applies both.
    for (const seq of [5, total - 1]) await roomStub(room).moderateFrom({ userId: "seller", role: "host" }, { type: "delete", seq });
    await first[0]!.next("deleted", (d) => d.seq === total - 1);
    const late = await connect(room, await token(TENANT_A, users[5]!));
    await late.next("hello");
    const got = await resumeAll(late);
    expect(got.map((m) => m.seq)).toEqual(seqs(total));
    expect(asked.count).toBe(6);
    for (const seq of [5, total - 1]) expect(got[seq - 1]).toMatchObject({ seq, body: null, deletedAt: expect.any(String) });
    expect(got[5]!.body).not.toBeNull();
  });

  it("read only the room's last messages with the SDK's tail, from their shard's buffer: no page from the room, and the pins from hello", async () => {
    const total = 6 * RESUME_PAGE + 100;
    const room = await liveRoom(total);
    await roomStub(room).publishFrom({ userId: "seller", role: "host" }, "pin", { kind: "product", listingId: "lst_01JDEMO0000000000000000000" });
    const asked = countCalls("replayFor");
    const client = new ChatClient({ baseUrl: "https://chat.internal", roomId: room, token: await token(TENANT_A, "viewer"), WebSocket: WorkerSocket, pingIntervalMs: 60_000, tail: RESUME_PAGE });
    const got: MessageFrame[] = [];
    client.on("message", (m) => got.push(m));
    const hello = new Promise<{ pins: unknown[] }>((resolve) => client.on("hello", resolve));
    const synced = new Promise((resolve) => client.on("synced", resolve));
    client.connect();
    try {
      expect((await hello).pins).toEqual([{ seq: total + 1, listingId: "lst_01JDEMO0000000000000000000" }]);
      await synced;
      expect(got.map((m) => m.seq)).toEqual(Array.from({ length: RESUME_PAGE }, (_, i) => total + 2 - RESUME_PAGE + i));
      expect(asked.count).toBe(0);
    } finally {
      client.close();
    }
  });

  it("answer a resume whose room call fails with room_busy naming its afterSeq, so the viewer asks again", async () => {
    const room = await liveRoom(RESUME_PAGE + 60);
    countCalls("replayFor", { failFirst: "before" });
    const viewer = await connect(room, await token(TENANT_A, "unlucky"));
    await viewer.next("hello");
    expect(await ask(viewer, 0)).toMatchObject({ type: "error", code: "room_busy", afterSeq: 0, retryAfterMs: 1000 });
    expect(await ask(viewer, 0)).toMatchObject({ type: "page", seq: RESUME_PAGE });
  });

  it("page a client that names no version itself, through a refusal: every message, then synced, no `page` and no error", async () => {
    const room = await liveRoom(RESUME_PAGE + 10);
    const [oldUser, newUser] = sameShard(2, "sdk");
    const old = await connect(room, await token(TENANT_A, oldUser!), { legacy: true });
    const current = await connect(room, await token(TENANT_A, newUser!));
    await old.next("hello");
    await current.next("hello");
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      (instance as unknown as { live: { reads: { tokens: number; at: number } } }).live.reads = { tokens: 0, at: Date.now() };
    });
    for (const s of [old, current]) s.send({ type: "resume", afterSeq: 0 });
    // Today's SDK is told, and asks again by itself.
    expect(await current.next("error")).toMatchObject({ code: "room_busy", afterSeq: 0 });
    // The old one is asked again by the shard after the refusal's wait (the room's budget refills meanwhile).
    const synced = await old.next("synced");
    expect(synced.seq).toBe(RESUME_PAGE + 10);
    expect(old.frames.filter((f) => f.type === "message").map((f) => (f as { seq: number }).seq)).toEqual(seqs(RESUME_PAGE + 10));
    expect(old.frames.some((f) => f.type === "page" || f.type === "error")).toBe(false);
  });
});
