import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { RESUME_PAGE, type ServerFrame } from "../../../shared/chat/protocol";
import { ChatRoom } from "../src/do/room";
import { LIVE_READ_RULE, shardReadRule } from "../src/domain/bucket";
import { roomName, shardFor } from "../src/domain/shard";
import { call, connect, createRoom, TENANT_A, text, token, type TestSocket } from "./helpers";

const roomStub = (roomId: string) => (env as Env).ROOMS.get((env as Env).ROOMS.idFromName(roomName(TENANT_A, roomId)));

/** A live room with `n` messages, published by its host (the publish budget is the audience's, not in the way). */
async function liveRoom(n: number): Promise<string> {
  const room = await createRoom(TENANT_A, { kind: "live" });
  const stub = roomStub(room);
  for (let i = 1; i <= n; i++) await stub.publishFrom({ userId: "seller", role: "host" }, `f${i}`, text(`m${i}`));
  return room;
}

/** Counts the calls the room object gets to one of its methods (the class the Durable Object runs is this module's). */
const restore: (() => void)[] = [];
function countCalls(method: "replayFor" | "moderateFrom"): { count: number } {
  const counter = { count: 0 };
  const original = ChatRoom.prototype[method] as (...args: unknown[]) => unknown;
  (ChatRoom.prototype as unknown as Record<string, unknown>)[method] = function (this: ChatRoom, ...args: unknown[]) {
    counter.count++;
    return original.apply(this, args);
  };
  restore.push(() => ((ChatRoom.prototype as unknown as Record<string, unknown>)[method] = original));
  return counter;
}
afterEach(() => {
  for (const undo of restore.splice(0)) undo();
});

/** The answers to the resumes sent so far after frame `from`: each a `page`/`synced` frame or a refusal naming its `afterSeq`. */
async function answers(s: TestSocket, from: number, n: number): Promise<ServerFrame[]> {
  const isAnswer = (f: ServerFrame) => f.type === "page" || f.type === "synced" || (f.type === "error" && f.afterSeq !== undefined);
  for (let waited = 0; waited < 5000; waited += 10) {
    const got = s.frames.slice(from).filter(isAnswer);
    if (got.length >= n) return got;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`fewer than ${n} answers: ${JSON.stringify(s.frames.slice(-3))}`);
}

describe("a live room's read budget", () => {
  it("answers a member's history pages past it with 429 room_busy and Retry-After; hosts, moderators and the tenant's server still read", async () => {
    const room = await liveRoom(5);
    const member = await token(TENANT_A, "reader", { rooms: [room] });
    const read = (tok?: string) => call(`/v1/chat/rooms/${room}/messages?limit=500${tok ? `&token=${encodeURIComponent(tok)}` : ""}`, tok ? {} : { tenant: TENANT_A });
    // A page of 500 costs 3 tokens: 60 at once are far more than the burst and what refills meanwhile.
    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 60 }, () => read(member)));
    const refilled = ((Date.now() - started) / 1000) * LIVE_READ_RULE.perSecond;
    const served = responses.filter((r) => r.status === 200).length;
    expect(served).toBeGreaterThanOrEqual(Math.floor(LIVE_READ_RULE.capacity / 3));
    expect(served).toBeLessThanOrEqual(Math.floor((LIVE_READ_RULE.capacity + refilled) / 3) + 1);
    expect(responses.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    const refused = responses.find((r) => r.status === 429)!;
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ status: 429, code: "room_busy" });
    // The crowd's budget is spent; those who run the room are not counted against it.
    for (const tok of [await token(TENANT_A, "seller", { rooms: [room], role: "host" }), await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }), undefined]) {
      const res = await read(tok);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(5);
    }
    // An ordinary room has no such budget (its members' reads are its own sockets' business).
    const group = await createRoom(TENANT_A);
    const anyRoom = await token(TENANT_A, "reader");
    const all = await Promise.all(Array.from({ length: 20 }, () => call(`/v1/chat/rooms/${group}/messages?limit=500&token=${encodeURIComponent(anyRoom)}`)));
    expect(all.every((r) => r.status === 200)).toBe(true);
  });

  it("refuses a viewer's resumes past the shard's buffer beyond the shard's share, at the shard, with room_busy and afterSeq, never page or synced; served on retry, a host's not counted", async () => {
    // After a boot the shard holds the room's last 200 messages: a resume from 0 must be read from the room.
    const room = await liveRoom(RESUME_PAGE + 60);
    const asked = countCalls("replayFor");
    const viewer = await connect(room, await token(TENANT_A, "deep-reader"));
    await viewer.next("hello");
    const started = Date.now();
    for (let i = 0; i < 40; i++) viewer.send({ type: "resume", afterSeq: 0 });
    const got = await answers(viewer, 0, 40);
    const share = shardReadRule(4);
    const allowed = share.capacity + ((Date.now() - started) / 1000) * share.perSecond;
    const pages = got.filter((f) => f.type === "page");
    const busy = got.filter((f) => f.type === "error");
    expect(got.some((f) => f.type === "synced")).toBe(false);
    // The shard's share (40 / 4 shards: a burst of 10, 5/s) was served; the rest was refused without asking the room.
    expect(pages.length).toBeGreaterThanOrEqual(share.capacity);
    expect(pages.length).toBeLessThanOrEqual(Math.floor(allowed) + 1);
    expect(busy.length).toBe(40 - pages.length);
    expect(asked.count).toBe(pages.length);
    for (const f of busy) expect(f).toMatchObject({ type: "error", code: "room_busy", afterSeq: 0, retryAfterMs: expect.any(Number) });
    expect(pages.every((f) => f.type === "page" && f.seq === RESUME_PAGE)).toBe(true);

    // Asked again after the time it was told, the refused resume is served.
    const wait = (busy.at(-1) as { retryAfterMs: number }).retryAfterMs;
    await new Promise((r) => setTimeout(r, wait + 20));
    const from = viewer.frames.length;
    viewer.send({ type: "resume", afterSeq: 0 });
    expect((await answers(viewer, from, 1))[0]).toMatchObject({ type: "page", seq: RESUME_PAGE });

    // A host on the same shard, right after the crowd spent the share: every deep resume is answered.
    const hostId = Array.from({ length: 100 }, (_, i) => `host${i}`).find((u) => shardFor(u, 4) === shardFor("deep-reader", 4))!;
    const host = await connect(room, await token(TENANT_A, hostId, { rooms: [room], role: "host" }));
    await host.next("hello");
    for (let i = 0; i < 20; i++) host.send({ type: "resume", afterSeq: 0 });
    expect((await answers(host, 0, 20)).every((f) => f.type === "page")).toBe(true);
  });

  it("counts a shard's resumes against the room-wide budget too: members who spent it on history make deep resumes wait", async () => {
    const room = await liveRoom(RESUME_PAGE + 10);
    const viewer = await connect(room, await token(TENANT_A, "resumer"));
    await viewer.next("hello");
    await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
      (instance as unknown as { readBudget: { tokens: number; at: number } }).readBudget = { tokens: 0, at: Date.now() + 60_000 };
    });
    viewer.send({ type: "resume", afterSeq: 0 });
    expect((await answers(viewer, 0, 1))[0]).toMatchObject({ type: "error", code: "room_busy", afterSeq: 0 });
  });

  it("refuses a viewer's moderation frames at the shard, so they cost the room no call; a moderator's reach it", async () => {
    const room = await liveRoom(1);
    const called = countCalls("moderateFrom");
    const viewer = await connect(room, await token(TENANT_A, "wannabe"));
    await viewer.next("hello");
    const frames = [{ type: "delete", seq: 1 } as const, { type: "mute", userId: "seller", seconds: 60 } as const, { type: "remove", userId: "seller" } as const];
    for (let i = 0; i < 5; i++) for (const f of frames) viewer.send(f);
    for (let i = 0; i < 15; i++) expect(await viewer.next("error")).toMatchObject({ code: "forbidden" });
    expect(called.count).toBe(0);
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
    await mod.next("hello");
    mod.send({ type: "delete", seq: 1 });
    expect(await viewer.next("deleted")).toMatchObject({ seq: 1 });
    expect(called.count).toBe(1);
  });
});
