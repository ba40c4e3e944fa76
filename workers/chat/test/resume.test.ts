import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CLOSE, MAX_SOCKETS_PER_USER, RESUME_PAGE, type ServerFrame } from "../../../shared/chat/protocol";
import { roomName, shardFor } from "../src/domain/shard";
import { connect, createRoom, TENANT_A, text, token, type TestSocket } from "./helpers";
import { answers } from "./live-helpers";

/** Fills a room through the sequencer's own RPC (no per-connection rate limit in the way). */
async function fill(roomId: string, n: number): Promise<void> {
  const room = (env as Env).ROOMS.get((env as Env).ROOMS.idFromName(roomName(TENANT_A, roomId)));
  for (let i = 1; i <= n; i++) {
    // A live room takes at most its rate (a burst of 400, then 200/s with no viewers): a refusal says when to send again.
    for (;;) {
      const r = await room.publishFrom({ userId: "filler", role: "member" }, `f${i}`, text(`m${i}`));
      if (r.ok) break;
      const wait = (r.error as { retryAfterMs?: number }).retryAfterMs;
      if (wait === undefined) throw new Error(`fill: message ${i} refused: ${JSON.stringify(r.error)}`);
      await new Promise((res) => setTimeout(res, wait));
    }
  }
}

/** The end of the next answer to a resume: a `page` or `synced` frame after index `from` of the socket's frames. */
async function answerEnd(s: TestSocket, from: number): Promise<{ at: number; frame: Extract<ServerFrame, { type: "page" | "synced" }> }> {
  for (let waited = 0; waited < 5000; waited += 10) {
    const at = s.frames.findIndex((f, i) => i >= from && (f.type === "page" || f.type === "synced"));
    if (at >= 0) return { at, frame: s.frames[at] as Extract<ServerFrame, { type: "page" | "synced" }> };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("no page or synced frame");
}

/** Resumes from afterSeq page by page, as the SDK does; returns the pages' ends and the synced seq. */
async function resumeAll(s: TestSocket, afterSeq: number): Promise<{ pages: number[]; synced: number }> {
  const pages: number[] = [];
  let from = afterSeq;
  let cursor = s.frames.length;
  for (;;) {
    s.send({ type: "resume", afterSeq: from });
    const { at, frame } = await answerEnd(s, cursor);
    cursor = at + 1;
    if (frame.type === "synced") return { pages, synced: frame.seq };
    pages.push(frame.seq);
    from = frame.seq;
  }
}

describe("resume in pages", () => {
  it("answers a resume from 0 a page at a time in an ordinary room: in order, no gaps, then synced", async () => {
    const room = await createRoom(TENANT_A);
    const total = 2 * RESUME_PAGE + 50;
    await fill(room, total);
    const s = await connect(room, await token(TENANT_A, "reader"));
    await s.next("hello");
    s.send({ type: "resume", afterSeq: 0 });
    const first = (await answerEnd(s, 0)).frame;
    // The first turn carried one page only.
    expect(first).toMatchObject({ type: "page", seq: RESUME_PAGE, latestSeq: total });
    expect(s.frames.filter((f) => f.type === "message")).toHaveLength(RESUME_PAGE);
    const rest = await resumeAll(s, RESUME_PAGE);
    expect(rest.pages).toEqual([2 * RESUME_PAGE]);
    expect(rest.synced).toBe(total);
    const all = s.frames.flatMap((f) => (f.type === "message" ? [f.seq] : []));
    expect(all).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it("charges every resume page of an ordinary room to the member's reads share, answering rate_limited with afterSeq", async () => {
    const room = await createRoom(TENANT_A);
    await fill(room, 5);
    const s = await connect(room, await token(TENANT_A, "looper"));
    await s.next("hello");
    const from = s.frames.length;
    // READ_RULE: a burst of 6 pages. Twelve resumes at once (well under the frame budget) outrun it.
    for (let i = 0; i < 12; i++) s.send({ type: "resume", afterSeq: 0 });
    const got = await answers(s, from, 12);
    const refused = got.filter((f) => f.type === "error");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ code: "rate_limited", afterSeq: 0 });
    expect((refused[0] as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
  });

  it("pages a live shard's resume too, from the room past its buffer, while it keeps delivering to others", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const total = RESUME_PAGE + 30;
    await fill(room, total);
    const user = "late-viewer";
    const other = Array.from({ length: 50 }, (_, i) => `w${i}`).find((u) => shardFor(u, 4) === shardFor(user, 4))!;
    const late = await connect(room, await token(TENANT_A, user));
    const watcher = await connect(room, await token(TENANT_A, other));
    await late.next("hello");
    await watcher.next("hello");
    late.send({ type: "resume", afterSeq: 0 });
    // A live message reaches the watcher on the same shard whatever the resume is doing.
    watcher.send({ type: "publish", clientMsgId: "live-1", body: text("live") });
    expect((await watcher.next("message", (m) => m.clientMsgId === "live-1")).seq).toBe(total + 1);
    expect((await answerEnd(late, 0)).frame).toMatchObject({ type: "page", seq: RESUME_PAGE });
    const rest = await resumeAll(late, RESUME_PAGE);
    expect(rest.synced).toBe(total + 1);
    const got = new Set(late.frames.flatMap((f) => (f.type === "message" ? [f.seq] : [])));
    expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: total + 1 }, (_, i) => i + 1));
  });
});

describe("connections per user", () => {
  it(`holds at most ${MAX_SOCKETS_PER_USER} sockets of one user in a room, closing the oldest`, async () => {
    const room = await createRoom(TENANT_A);
    const tok = await token(TENANT_A, "hoarder");
    const sockets: TestSocket[] = [];
    for (let i = 0; i <= MAX_SOCKETS_PER_USER; i++) {
      const s = await connect(room, tok);
      await s.next("hello");
      sockets.push(s);
    }
    expect((await sockets[0]!.closed).code).toBe(CLOSE.tooManyConnections);
    // The others still work.
    const last = sockets[MAX_SOCKETS_PER_USER]!;
    last.send({ type: "publish", clientMsgId: "still-here", body: text("hi") });
    await last.next("ack");
    for (const s of sockets.slice(1)) await s.next("message", (m) => m.clientMsgId === "still-here");
  });

  it("caps a user's sockets at a live shard too", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const tok = await token(TENANT_A, "hoarder");
    const sockets: TestSocket[] = [];
    for (let i = 0; i <= MAX_SOCKETS_PER_USER; i++) {
      const s = await connect(room, tok);
      await s.next("hello");
      sockets.push(s);
    }
    expect((await sockets[0]!.closed).code).toBe(CLOSE.tooManyConnections);
  });

  it.each(["group", "live"] as const)("sends a client that names no version (the contract's) every message of a %s room, then synced, for one resume", async (kind) => {
    const total = 2 * RESUME_PAGE + 50;
    const room = await createRoom(TENANT_A, { kind });
    await fill(room, total);
    const s = await connect(room, await token(TENANT_A, `contract-${kind}`), { legacy: true });
    await s.next("hello");
    s.send({ type: "resume", afterSeq: 0 });
    expect(await s.next("synced")).toMatchObject({ seq: total });
    expect(s.frames.filter((f) => f.type === "message").map((f) => (f as { seq: number }).seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(s.frames.some((f) => f.type === "page")).toBe(false);
  });
});
