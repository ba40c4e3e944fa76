import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CLOSE, PROTOCOL_VERSION, type ClientFrame, type MessageFrame, type ServerFrame } from "../../../shared/chat/protocol";
import { ChatClient } from "../../../shared/chat/sdk/client";
import { backoffDelay } from "../../../shared/chat/sdk/backoff";
import { Sequencer } from "../../../shared/chat/sdk/sequencer";

const msg = (seq: number): MessageFrame => ({ type: "message", seq, id: `m${seq}`, clientMsgId: `c${seq}`, from: "u", at: "2026-01-01T00:00:00.000Z", body: { kind: "text", text: `${seq}` } });

describe("the SDK's sequencer", () => {
  it("hands out each seq exactly once and in order, whatever order and duplication frames arrive in", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i + 1), { minLength: n, maxLength: n }), fc.array(fc.integer({ min: 1, max: n }), { maxLength: 40 })),
        ),
        ([n, order, dups]) => {
          const s = new Sequencer();
          const out: number[] = [];
          const arrivals = [...order];
          for (const d of dups) arrivals.splice(d % (arrivals.length + 1), 0, d);
          for (const seq of arrivals) out.push(...s.push(msg(seq)).map((m) => m.seq));
          expect(out).toEqual(Array.from({ length: n }, (_, i) => i + 1));
          expect(s.lastSeq).toBe(n);
          expect(s.hasGap).toBe(false);
        },
      ),
    );
  });

  it("holds frames after a gap until it is filled, and says so", () => {
    const s = new Sequencer(3);
    expect(s.push(msg(2))).toEqual([]);
    expect(s.push(msg(5))).toEqual([]);
    expect(s.hasGap).toBe(true);
    expect(s.push(msg(4)).map((m) => m.seq)).toEqual([4, 5]);
    expect(s.hasGap).toBe(false);
  });

  it("starts later on skipTo: frames held up to there are dropped, those just after it handed out", () => {
    const s = new Sequencer();
    expect(s.push(msg(3))).toEqual([]);
    expect(s.push(msg(6))).toEqual([]);
    expect(s.skipTo(5).map((m) => m.seq)).toEqual([6]);
    expect(s.hasGap).toBe(false);
    expect(s.skipTo(2)).toEqual([]);
    expect(s.lastSeq).toBe(6);
  });
});

describe("reconnect backoff", () => {
  it("stays within [0, min(max, initial·2^attempt)] (full jitter)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(attempt, { initialMs: 100, maxMs: 10_000 }, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(10_000, 100 * 2 ** attempt));
      }),
    );
    expect(backoffDelay(3, { initialMs: 100, maxMs: 10_000 }, () => 0.5)).toBe(400);
  });
});

/** A WebSocket double that opens on the next tick (the first `hang` never do) and records what the client sends. */
function fakeSockets({ hang = 0 } = {}) {
  const sockets: FakeSocket[] = [];
  class FakeSocket {
    readyState = 0;
    sent: ClientFrame[] = [];
    onopen: ((ev: unknown) => void) | null = null;
    onmessage: ((ev: { data: unknown }) => void) | null = null;
    onclose: ((ev: { code: number; reason?: string }) => void) | null = null;
    onerror: ((ev: unknown) => void) | null = null;
    constructor(readonly url: string) {
      sockets.push(this);
      if (sockets.length > hang) setTimeout(() => this.open(), 0);
    }
    open() {
      this.readyState = 1;
      this.onopen?.({});
    }
    send(data: string) {
      this.sent.push(JSON.parse(data) as ClientFrame);
    }
    close() {
      this.readyState = 3;
    }
    serve(frame: ServerFrame) {
      this.onmessage?.({ data: JSON.stringify(frame) });
    }
  }
  return { sockets, FakeSocket };
}

describe("the SDK's resume", () => {
  it("asks for the next page after a `page` frame until synced, and treats too many connections as final", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "room_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000 });
    const got: number[] = [];
    client.on("message", (m) => got.push(m.seq));
    client.connect();
    await new Promise((r) => setTimeout(r, 5));
    const ws = sockets[0]!;
    // It names its protocol version, so a shard knows it sends a refused resume again by itself.
    expect(new URL(ws.url).searchParams.get("v")).toBe(String(PROTOCOL_VERSION));
    expect(ws.sent).toEqual([{ type: "resume", afterSeq: 0 }]);
    ws.serve(msg(1));
    ws.serve(msg(2));
    ws.serve({ type: "page", seq: 2, latestSeq: 3 });
    expect(ws.sent.at(-1)).toEqual({ type: "resume", afterSeq: 2 });
    expect(client.state).toBe("syncing");
    ws.serve(msg(3));
    ws.serve({ type: "synced", seq: 3, lastReadSeq: 0, unread: 0 });
    expect(client.state).toBe("live");
    expect(got).toEqual([1, 2, 3]);
    ws.onclose?.({ code: CLOSE.tooManyConnections });
    expect(client.state).toBe("closed");
  });
});

describe("the SDK's refused resume", () => {
  it("sends a resume the room refused as busy again after retryAfterMs, from its last contiguous seq, staying syncing and skipping nothing", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "live_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000, random: () => 0 });
    const got: number[] = [];
    client.on("message", (m) => got.push(m.seq));
    client.connect();
    await new Promise((r) => setTimeout(r, 5));
    const ws = sockets[0]!;
    expect(ws.sent).toEqual([{ type: "resume", afterSeq: 0 }]);
    ws.serve({ type: "error", code: "room_busy", message: "busy", afterSeq: 0, retryAfterMs: 30 });
    // A live frame past the gap meanwhile is held, and asks nothing before the time the room said.
    ws.serve(msg(7));
    expect(ws.sent).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(ws.sent).toEqual([
      { type: "resume", afterSeq: 0 },
      { type: "resume", afterSeq: 0 },
    ]);
    expect(client.state).toBe("syncing");
    // Refused again, by this user's own frame budget this time: asked again too.
    ws.serve({ type: "error", code: "rate_limited", message: "slow down", afterSeq: 0, retryAfterMs: 10 });
    await new Promise((r) => setTimeout(r, 40));
    expect(ws.sent).toHaveLength(3);
    for (let seq = 1; seq <= 6; seq++) ws.serve(msg(seq));
    ws.serve({ type: "synced", seq: 7, lastReadSeq: 0, unread: 0 });
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(client.state).toBe("live");
    client.close();
  });
});

/** A JWT-shaped token expiring at `expMs` (the SDK reads `exp` without verifying). */
const jwt = (expMs: number) => `e30.${btoa(JSON.stringify({ exp: Math.floor(expMs / 1000) })).replace(/=+$/, "")}.sig`;
const tick = () => new Promise((r) => setTimeout(r, 5));
/** Waits for a reconnect: its backoff timer and the new socket's open are two timers that a loaded runner may fire after one tick. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await tick();
}

describe("a connect that never finishes", () => {
  it("gives up a handshake that never opens and connects again; the abandoned socket is closed and its late open ignored", async () => {
    const { sockets, FakeSocket } = fakeSockets({ hang: 1 });
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "room_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000, connectTimeoutMs: 30, backoff: { initialMs: 1, maxMs: 1 } });
    const errors: unknown[] = [];
    client.on("error", (e) => errors.push(e));
    client.connect();
    await until(() => (sockets[1]?.sent.length ?? 0) > 0);
    expect(sockets[0]!.readyState).toBe(3);
    expect(String(errors[0])).toMatch(/did not open in time/);
    expect(sockets[1]!.sent).toEqual([{ type: "resume", afterSeq: 0 }]);
    sockets[0]!.open();
    expect(sockets[0]!.sent).toEqual([]);
    await tick();
    expect(sockets).toHaveLength(2);
    client.close();
  });

  it("gives up a token function that never settles and asks it again; a token arriving late opens nothing", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const late: ((t: string) => void)[] = [];
    const client = new ChatClient({
      baseUrl: "https://api.example",
      roomId: "room_x",
      token: () => (late.length === 0 ? new Promise<string>((r) => late.push(r)) : "fresh"),
      WebSocket: FakeSocket,
      pingIntervalMs: 60_000,
      connectTimeoutMs: 30,
      backoff: { initialMs: 1, maxMs: 1 },
    });
    client.connect();
    await until(() => sockets.length > 0);
    expect(sockets).toHaveLength(1);
    expect(new URL(sockets[0]!.url).searchParams.get("token")).toBe("fresh");
    late[0]!("stale");
    await tick();
    expect(sockets).toHaveLength(1);
    client.close();
  });

  it("gives up a connect still awaiting its token when the app reconnects: one socket, with its own deadline", async () => {
    const { sockets, FakeSocket } = fakeSockets({ hang: 2 });
    const pending: ((t: string) => void)[] = [];
    const client = new ChatClient({
      baseUrl: "https://api.example",
      roomId: "room_x",
      token: () => new Promise<string>((r) => pending.push(r)),
      WebSocket: FakeSocket,
      pingIntervalMs: 60_000,
      connectTimeoutMs: 40,
      backoff: { initialMs: 1, maxMs: 1 },
    });
    client.connect();
    await until(() => pending.length === 1);
    client.reconnect();
    pending[0]!("first");
    await until(() => pending.length === 2);
    pending[1]!("second");
    await until(() => sockets.length === 1);
    await tick();
    expect(sockets.map((ws) => new URL(ws.url).searchParams.get("token"))).toEqual(["second"]);
    // That socket never opens: its own deadline gives it up, and the next connect asks for a token again.
    await until(() => pending.length === 3);
    expect(sockets[0]!.readyState).toBe(3);
    client.close();
  });

  it("keeps an open connection whatever its age: the timeout covers the connect only", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "room_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000, connectTimeoutMs: 20 });
    client.connect();
    await until(() => (sockets[0]?.sent.length ?? 0) > 0);
    await new Promise((r) => setTimeout(r, 60));
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.readyState).toBe(1);
    client.close();
  });
});

describe("an expiring token", () => {
  it("closes for good with a fixed token that has expired, instead of reconnecting forever", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "room_x", token: jwt(Date.now() - 1000), WebSocket: FakeSocket });
    const errors: unknown[] = [];
    client.on("error", (e) => errors.push(e));
    client.connect();
    await tick();
    expect(sockets).toHaveLength(0);
    expect(client.state).toBe("closed");
    expect(String(errors[0])).toMatch(/token expired/);
  });

  it("closes for good when the room says a fixed token expired, and reconnects with a fresh one from a token function", async () => {
    const fixed = fakeSockets();
    const a = new ChatClient({ baseUrl: "https://api.example", roomId: "room_x", token: jwt(Date.now() + 60_000), WebSocket: fixed.FakeSocket, pingIntervalMs: 60_000 });
    a.connect();
    await tick();
    fixed.sockets[0]!.onclose?.({ code: CLOSE.tokenExpired });
    expect(a.state).toBe("closed");

    const renewing = fakeSockets();
    let minted = 0;
    const b = new ChatClient({
      baseUrl: "https://api.example",
      roomId: "room_x",
      token: () => jwt(Date.now() + 60_000 * ++minted),
      WebSocket: renewing.FakeSocket,
      pingIntervalMs: 60_000,
      backoff: { initialMs: 1, maxMs: 1 },
    });
    b.connect();
    await tick();
    renewing.sockets[0]!.onclose?.({ code: CLOSE.tokenExpired });
    await until(() => renewing.sockets.length > 1);
    expect(renewing.sockets).toHaveLength(2);
    expect(minted).toBe(2);
    expect(b.state).not.toBe("closed");
    b.close();
  });
});

describe("the SDK's refused publish", () => {
  it("is sent again under its clientMsgId after retryAfterMs plus a jitter that widens with each refusal; the app hears of each; the ack resolves it", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "live_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000, random: () => 0.5, backoff: { initialMs: 200, maxMs: 1000 } });
    const errors: unknown[] = [];
    client.on("error", (e) => errors.push(e));
    client.connect();
    await tick();
    const ws = sockets[0]!;
    const published = client.publish({ kind: "text", text: "hi" }, { clientMsgId: "p1" });
    const publishes = () => ws.sent.filter((f) => f.type === "publish");
    expect(publishes()).toHaveLength(1);
    const refuse = () => ws.serve({ type: "error", code: "room_busy", message: "busy", clientMsgId: "p1", retryAfterMs: 20 });
    // First refusal: 20 ms, plus half of 200 ms.
    refuse();
    await new Promise((r) => setTimeout(r, 60));
    expect(publishes()).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 140));
    expect(publishes()).toEqual([
      { type: "publish", clientMsgId: "p1", body: { kind: "text", text: "hi" } },
      { type: "publish", clientMsgId: "p1", body: { kind: "text", text: "hi" } },
    ]);
    // Second in a row: 20 ms, plus half of 400 ms.
    refuse();
    await new Promise((r) => setTimeout(r, 150));
    expect(publishes()).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 150));
    expect(publishes()).toHaveLength(3);
    expect(client.pending).toBe(1);
    ws.serve({ type: "ack", clientMsgId: "p1", seq: 9, duplicate: true });
    expect(await published).toEqual({ seq: 9, clientMsgId: "p1" });
    expect(errors).toEqual([expect.objectContaining({ code: "room_busy", clientMsgId: "p1" }), expect.objectContaining({ code: "room_busy", clientMsgId: "p1" })]);
    client.close();
  });
});

describe("the SDK's publish order", () => {
  const body = (t: string) => ({ kind: "text" as const, text: t });
  it("keeps one sender's order across a refusal: later publishes wait until the refused one is sent again and acknowledged", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "live_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000, random: () => 0, backoff: { initialMs: 10, maxMs: 10 } });
    client.connect();
    await tick();
    const ws = sockets[0]!;
    const ids = () => ws.sent.filter((f) => f.type === "publish").map((f) => (f as { clientMsgId: string }).clientMsgId);
    const seqs: string[] = [];
    const m1 = client.publish(body("yes"), { clientMsgId: "m1" }).then(() => seqs.push("m1"));
    ws.serve({ type: "error", code: "room_busy", message: "busy", clientMsgId: "m1", retryAfterMs: 20 });
    const m2 = client.publish(body("no"), { clientMsgId: "m2" }).then(() => seqs.push("m2"));
    // m2 is held: sent now, the room could take it before m1 and give it the lower seq.
    expect(ids()).toEqual(["m1"]);
    await until(() => ids().length === 2);
    expect(ids()).toEqual(["m1", "m1"]);
    await new Promise((r) => setTimeout(r, 30));
    expect(ids()).toEqual(["m1", "m1"]);
    ws.serve({ type: "ack", clientMsgId: "m1", seq: 1 });
    expect(ids()).toEqual(["m1", "m1", "m2"]);
    ws.serve({ type: "ack", clientMsgId: "m2", seq: 2 });
    await Promise.all([m1, m2]);
    expect(seqs).toEqual(["m1", "m2"]);
    // Drained: publishes go at once again.
    void client.publish(body("again"), { clientMsgId: "m3" }).catch(() => {});
    expect(ids().at(-1)).toBe("m3");
    client.close();
  });

  it("sends a burst's refused tail again in order, one at a time, whatever order the refusals came in", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "live_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000, random: () => 0.9, backoff: { initialMs: 10, maxMs: 10 } });
    client.connect();
    await tick();
    const ws = sockets[0]!;
    const ids = () => ws.sent.filter((f) => f.type === "publish").map((f) => (f as { clientMsgId: string }).clientMsgId);
    for (let i = 1; i <= 5; i++) void client.publish(body(`${i}`), { clientMsgId: `b${i}` }).catch(() => {});
    expect(ids()).toEqual(["b1", "b2", "b3", "b4", "b5"]);
    ws.serve({ type: "ack", clientMsgId: "b1", seq: 1 });
    for (const id of ["b4", "b2", "b5", "b3"]) ws.serve({ type: "error", code: "rate_limited", message: "slow", clientMsgId: id, retryAfterMs: 5 });
    for (const [i, id] of ["b2", "b3", "b4", "b5"].entries()) {
      await until(() => ids().length === 6 + i);
      expect(ids().slice(5)).toEqual(["b2", "b3", "b4", "b5"].slice(0, i + 1));
      ws.serve({ type: "ack", clientMsgId: id, seq: i + 2 });
    }
    expect(client.pending).toBe(0);
    client.close();
  });

  it("sends again what awaits an answer when the room says it dropped frames unread: the resume, the outbox in order", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "live_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000, random: () => 0, backoff: { initialMs: 10, maxMs: 10 } });
    client.connect();
    await tick();
    const ws = sockets[0]!;
    void client.publish(body("a"), { clientMsgId: "d1" }).catch(() => {});
    void client.publish(body("b"), { clientMsgId: "d2" }).catch(() => {});
    expect(ws.sent).toEqual([{ type: "resume", afterSeq: 0 }, expect.objectContaining({ clientMsgId: "d1" }), expect.objectContaining({ clientMsgId: "d2" })]);
    ws.serve({ type: "error", code: "rate_limited", message: "dropped", retryAfterMs: 20, dropped: true });
    await until(() => ws.sent.length === 5);
    expect(ws.sent.slice(3)).toEqual(expect.arrayContaining([{ type: "resume", afterSeq: 0 }, expect.objectContaining({ clientMsgId: "d1" })]));
    ws.serve({ type: "ack", clientMsgId: "d1", seq: 1 });
    expect(ws.sent.at(-1)).toMatchObject({ type: "publish", clientMsgId: "d2" });
    client.close();
  });
});

describe("the SDK's moderation", () => {
  it("sends a refused frame again under its clientMsgId with widening jitter, and after a reconnect, until the room answers it", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "live_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000, random: () => 0.5, backoff: { initialMs: 200, maxMs: 1000 } });
    const errors: unknown[] = [];
    client.on("error", (e) => errors.push(e));
    // Not connected: nothing is sent or kept, as before (the page says so and the moderator clicks again).
    expect(client.deleteMessage(7)).toBe(false);
    client.connect();
    await tick();
    const ws = sockets[0]!;
    ws.serve({ ...hello(0), moderationIds: true });
    const moderation = (s = ws) => s.sent.filter((f) => f.type === "delete" || f.type === "mute" || f.type === "remove");
    expect(client.deleteMessage(7)).toBe(true);
    const [sent] = moderation();
    expect(sent).toEqual({ type: "delete", seq: 7, clientMsgId: expect.stringMatching(/^[\w.:-]{1,64}$/) });
    const id = (sent as { clientMsgId: string }).clientMsgId;
    const refuse = () => ws.serve({ type: "error", code: "room_busy", message: "busy", clientMsgId: id, retryAfterMs: 20 });
    // First refusal: 20 ms, plus half of 200 ms.
    refuse();
    await new Promise((r) => setTimeout(r, 60));
    expect(moderation()).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 140));
    expect(moderation()).toEqual([sent, sent]);
    // Second in a row: 20 ms, plus half of 400 ms.
    refuse();
    await new Promise((r) => setTimeout(r, 150));
    expect(moderation()).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 150));
    expect(moderation()).toEqual([sent, sent, sent]);
    // Unanswered when the socket drops: sent again on the next one, under the same id.
    ws.onclose?.({ code: 1006 });
    await until(() => sockets[1] !== undefined && moderation(sockets[1]).length > 0);
    const again = sockets[1]!;
    expect(moderation(again)).toEqual([sent]);
    expect(client.pendingModeration).toBe(1);
    again.serve({ type: "applied", clientMsgId: id, duplicate: true });
    expect(client.pendingModeration).toBe(0);
    expect(errors).toEqual([expect.objectContaining({ code: "room_busy", clientMsgId: id }), expect.objectContaining({ code: "room_busy", clientMsgId: id })]);
    // A refusal for good ends a frame: it is not sent again.
    expect(client.mute("troll", 60)).toBe(true);
    const mute = moderation(again)[1] as { clientMsgId: string };
    expect(mute).toMatchObject({ type: "mute", userId: "troll", seconds: 60 });
    expect(mute.clientMsgId).not.toBe(id);
    again.serve({ type: "error", code: "forbidden", message: "no", clientMsgId: mute.clientMsgId });
    expect(client.pendingModeration).toBe(0);
    client.close();
  });

  it("sends a room whose hello does not take moderation ids (deployed before them) its frames without one, once", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "live_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000 });
    client.connect();
    await tick();
    const ws = sockets[0]!;
    ws.serve(hello(0));
    expect(client.deleteMessage(7)).toBe(true);
    expect(client.mute("troll", 60)).toBe(true);
    // An older room's strict frames would refuse the field, and every moderation with it.
    expect(ws.sent.filter((f) => f.type === "delete" || f.type === "mute")).toEqual([
      { type: "delete", seq: 7 },
      { type: "mute", userId: "troll", seconds: 60 },
    ]);
    expect(client.pendingModeration).toBe(0);
    client.close();
  });
});

const hello = (seq: number): Extract<ServerFrame, { type: "hello" }> => ({ type: "hello", roomId: "live_x", kind: "live", userId: "u", role: "member", seq, lastReadSeq: 0, unread: 0, online: [], pins: [] });

describe("the SDK's tail", () => {
  it("starts from the room's seq in hello minus tail, asking nothing before hello, and resumes from the last seq delivered after a drop", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "live_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000, tail: 3, backoff: { initialMs: 1, maxMs: 1 } });
    const got: number[] = [];
    const hellos: number[] = [];
    client.on("message", (m) => got.push(m.seq));
    client.on("hello", (h) => hellos.push(h.seq));
    client.connect();
    await tick();
    const ws = sockets[0]!;
    expect(ws.sent).toEqual([]);
    ws.serve(hello(1000));
    expect(hellos).toEqual([1000]);
    expect(ws.sent).toEqual([{ type: "resume", afterSeq: 997 }]);
    for (const seq of [998, 999, 1000, 1001]) ws.serve(msg(seq));
    ws.serve({ type: "synced", seq: 1001, lastReadSeq: 0, unread: 0 });
    expect(got).toEqual([998, 999, 1000, 1001]);
    expect(client.state).toBe("live");
    // Back after a drop, it asks for everything it missed: the tail was where it started, not a window it keeps.
    ws.onclose?.({ code: 1006 });
    await until(() => (sockets[1]?.sent.length ?? 0) > 0);
    const again = sockets[1]!;
    expect(again.sent).toEqual([{ type: "resume", afterSeq: 1001 }]);
    again.serve(hello(5000));
    expect(again.sent).toHaveLength(1);
    client.close();
  });

  it("starts from afterSeq when that is later, and from 0 in a room shorter than the tail", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const later = new ChatClient({ baseUrl: "https://api.example", roomId: "live_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000, tail: 200, afterSeq: 950 });
    const short = new ChatClient({ baseUrl: "https://api.example", roomId: "live_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000, tail: 200 });
    later.connect();
    short.connect();
    await tick();
    expect(sockets.flatMap((ws) => ws.sent)).toEqual([]);
    sockets[0]!.serve(hello(1000));
    sockets[1]!.serve(hello(50));
    expect(sockets[0]!.sent).toEqual([{ type: "resume", afterSeq: 950 }]);
    expect(sockets[1]!.sent).toEqual([{ type: "resume", afterSeq: 0 }]);
    later.close();
    short.close();
  });
  // A negative tail would skip the messages after hello.seq, NaN would stop delivery for good: refused at construction.
  it.each([-5, Number.NaN, 2.5, Number.POSITIVE_INFINITY, 2 ** 53])("refuses tail %s when constructed, naming the option", (tail) => {
    const { FakeSocket } = fakeSockets();
    expect(() => new ChatClient({ baseUrl: "https://api.example", roomId: "live_x", token: "t", WebSocket: FakeSocket, tail })).toThrow(
      `\`tail\` must be a whole number of messages, 0 or more; got ${tail}.`,
    );
    expect(() => new ChatClient({ baseUrl: "https://api.example", roomId: "live_x", token: "t", WebSocket: FakeSocket, tail: 0 })).not.toThrow();
  });
});

describe("the SDK's missed moderation (afterMod)", () => {
  const at = "2026-01-01T00:00:00.000Z";
  const deleted = (seq: number, modId: number): ServerFrame => ({ type: "deleted", seq, by: "mod", at, modId });

  it("resumes after the last moderation id applied and emits a replayed delete for a seq at or below lastSeq, once, whatever order replay and live frames come in", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "room_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000, backoff: { initialMs: 1, maxMs: 1 } });
    const gone: number[] = [];
    const got: MessageFrame[] = [];
    client.on("deleted", (d) => gone.push(d.seq));
    client.on("message", (m) => got.push(m));
    client.connect();
    await tick();
    const ws = sockets[0]!;
    // A first connect has applied nothing: it asks for no moderation, and counts from the room's head.
    expect(ws.sent).toEqual([{ type: "resume", afterSeq: 0 }]);
    ws.serve({ ...hello(5), modHead: 4 });
    for (let seq = 1; seq <= 5; seq++) ws.serve(msg(seq));
    ws.serve({ type: "synced", seq: 5, lastReadSeq: 0, unread: 0 });
    expect(client.lastModId).toBe(4);
    ws.serve(deleted(1, 5));
    expect(gone).toEqual([1]);

    ws.onclose?.({ code: 1006 });
    await until(() => (sockets[1]?.sent.length ?? 0) > 0);
    const again = sockets[1]!;
    expect(again.sent).toEqual([{ type: "resume", afterSeq: 5, afterMod: 5 }]);
    again.serve({ ...hello(5), modHead: 7 });
    // A live delete overtakes the replay: applied at once, but not counted past the entry still missing.
    again.serve(deleted(3, 7));
    expect(client.lastModId).toBe(5);
    again.serve(deleted(2, 6));
    expect(client.lastModId).toBe(7);
    // The replay of the one already applied is not emitted again.
    again.serve(deleted(3, 7));
    again.serve({ type: "synced", seq: 5, lastReadSeq: 0, unread: 0 });
    expect(gone).toEqual([1, 3, 2]);
    expect(client.lastSeq).toBe(5);
    expect(client.state).toBe("live");

    // A delete of a message held past a gap: it is handed out deleted.
    again.serve(msg(7));
    again.serve(deleted(7, 8));
    again.serve(msg(6));
    expect(got.slice(5).map((m) => [m.seq, m.body === null])).toEqual([
      [6, false],
      [7, true],
    ]);
    client.close();
  });

  it("is told to reload when the room no longer keeps what it missed, and counts on from the head it names", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "room_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000, backoff: { initialMs: 1, maxMs: 1 }, afterSeq: 3, afterMod: 2 });
    const reloads: number[] = [];
    client.on("reload", (r) => reloads.push(r.modHead));
    client.connect();
    await tick();
    const ws = sockets[0]!;
    // The app said where it is: the first resume asks from there.
    expect(ws.sent).toEqual([{ type: "resume", afterSeq: 3, afterMod: 2 }]);
    ws.serve({ ...hello(3), modHead: 1500 });
    ws.serve({ type: "reload", modHead: 1500 });
    ws.serve({ type: "synced", seq: 3, lastReadSeq: 0, unread: 0 });
    expect(reloads).toEqual([1500]);
    expect(client.lastModId).toBe(1500);
    ws.onclose?.({ code: 1006 });
    await until(() => (sockets[1]?.sent.length ?? 0) > 0);
    expect(sockets[1]!.sent).toEqual([{ type: "resume", afterSeq: 3, afterMod: 1500 }]);
    client.close();
  });

  it("sends no afterMod to a room whose hello names no head, and asks again without it when a room refuses the field", async () => {
    const { sockets, FakeSocket } = fakeSockets();
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "room_x", token: "t", WebSocket: FakeSocket, pingIntervalMs: 60_000, backoff: { initialMs: 1, maxMs: 1 } });
    client.connect();
    await tick();
    sockets[0]!.serve({ ...hello(2), modHead: 0 });
    sockets[0]!.serve({ type: "synced", seq: 0, lastReadSeq: 0, unread: 0 });
    sockets[0]!.onclose?.({ code: 1006 });
    await until(() => (sockets[1]?.sent.length ?? 0) > 0);
    // Rolled back to a room from before afterMod: its strict frame refuses it; the client asks again without.
    const rolledBack = sockets[1]!;
    expect(rolledBack.sent).toEqual([{ type: "resume", afterSeq: 0, afterMod: 0 }]);
    rolledBack.serve(hello(2));
    rolledBack.serve({ type: "error", code: "invalid_frame", message: 'Unrecognized key: "afterMod"' });
    expect(rolledBack.sent).toEqual([
      { type: "resume", afterSeq: 0, afterMod: 0 },
      { type: "resume", afterSeq: 0 },
    ]);
    rolledBack.serve({ type: "synced", seq: 0, lastReadSeq: 0, unread: 0 });
    expect(client.state).toBe("live");
    rolledBack.onclose?.({ code: 1006 });
    await until(() => (sockets[2]?.sent.length ?? 0) > 0);
    expect(sockets[2]!.sent).toEqual([{ type: "resume", afterSeq: 0 }]);
    client.close();
  });
});
