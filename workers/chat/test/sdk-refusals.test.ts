import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { CLOSE } from "../../../shared/chat/protocol";
import { ChatClient, type WebSocketLike } from "../../../shared/chat/sdk/client";
import { connect, connectRequest, createRoom, fetchWorker, TENANT_A, token } from "./helpers";
import { roomStub } from "./live-helpers";
import { WorkerSocket } from "./worker-socket";

const SECRET = "test-chat-secret-0123456789abcdef0123456789abcdef";

/** What a client naming today's protocol gets for a connect: the upgrade, then the close code and reason it is closed with. */
async function closedWith(req: Request): Promise<{ code: number; reason: string }> {
  const res = await fetchWorker(req);
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason })));
  ws.accept();
  return closed;
}

describe("a refusal for good at connect, for clients from protocol 3", () => {
  it("is an upgrade closed at once with a code naming why: removed, no such room, not allowed, expired", async () => {
    for (const kind of ["group", "live"] as const) {
      const room = await createRoom(TENANT_A, { kind });
      const mod = await connect(room, await token(TENANT_A, `mod-${kind}`, { rooms: [room], role: "moderator" }));
      await mod.next("hello");
      if (kind === "live") await roomStub(room).moderateFrom({ userId: "mod", role: "moderator" }, { type: "remove", userId: "gone" });
      else {
        mod.send({ type: "remove", userId: "gone" });
        await mod.next("moderation");
      }
      expect(await closedWith(connectRequest(room, await token(TENANT_A, "gone")))).toEqual({ code: CLOSE.removed, reason: "removed" });
      expect(await closedWith(connectRequest(room, await token(TENANT_A, "u", { rooms: [await createRoom(TENANT_A)] })))).toEqual({ code: CLOSE.notAllowed, reason: "room_not_allowed" });
    }
    const direct = await createRoom(TENANT_A, { kind: "direct", members: ["ann", "bob"] });
    expect(await closedWith(connectRequest(direct, await token(TENANT_A, "eve")))).toEqual({ code: CLOSE.notAllowed, reason: "not_a_member" });
    expect(await closedWith(connectRequest("room_01JZZZZZZZZZZZZZZZZZZZZZZZ", await token(TENANT_A, "u")))).toEqual({ code: CLOSE.roomGone, reason: "not_found" });
    expect(await closedWith(connectRequest(direct, "not.a.jwt"))).toEqual({ code: CLOSE.notAllowed, reason: "invalid_token" });
    const expired = await new SignJWT({ tenant: TENANT_A, rooms: "*", role: "member" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("ann")
      .setIssuer("ecp:chat")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(new TextEncoder().encode(SECRET));
    expect(await closedWith(connectRequest(direct, expired))).toEqual({ code: CLOSE.tokenExpired, reason: "token_expired" });
  });

  it("ends an SDK client whose user was removed before it connected: one connect attempt, one error naming why, closed", async () => {
    const room = await createRoom(TENANT_A);
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
    mod.send({ type: "remove", userId: "banned" });
    await mod.next("moderation");
    let attempts = 0;
    class Counted extends WorkerSocket {
      constructor(url: string) {
        super(url);
        attempts++;
      }
    }
    const tok = await token(TENANT_A, "banned");
    const client = new ChatClient({ baseUrl: "https://chat.internal", roomId: room, token: () => tok, WebSocket: Counted, pingIntervalMs: 60_000, backoff: { initialMs: 1, maxMs: 5 } });
    const errors: unknown[] = [];
    client.on("error", (e) => errors.push(e));
    const closed = new Promise((resolve) => client.on("state", (s) => s === "closed" && resolve(s)));
    client.connect();
    await closed;
    await new Promise((r) => setTimeout(r, 100));
    expect(attempts).toBe(1);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/removed from this room \(4003 removed\)/);
  });
});

describe("the SDK against upgrades that keep failing before they open", () => {
  it("gives up after maxFailedConnects in a row, saying so, and counts from zero again after an open", async () => {
    let opens = 0;
    const sockets: FailingSocket[] = [];
    class FailingSocket implements WebSocketLike {
      readyState = 0;
      onopen: ((ev: unknown) => void) | null = null;
      onmessage: ((ev: { data: unknown }) => void) | null = null;
      onclose: ((ev: { code: number; reason?: string }) => void) | null = null;
      onerror: ((ev: unknown) => void) | null = null;
      constructor() {
        sockets.push(this);
        // The 3rd opens and drops; every other is refused (as a browser reports an HTTP refusal: 1006).
        setTimeout(() => {
          if (sockets.length === 3 && opens++ === 0) {
            this.readyState = 1;
            this.onopen?.({});
            this.readyState = 3;
            this.onclose?.({ code: 1006 });
          } else {
            this.readyState = 3;
            this.onclose?.({ code: 1006 });
          }
        }, 0);
      }
      send() {}
      close() {
        this.readyState = 3;
      }
    }
    const client = new ChatClient({ baseUrl: "https://api.example", roomId: "room_x", token: "t", WebSocket: FailingSocket, pingIntervalMs: 60_000, backoff: { initialMs: 1, maxMs: 2 }, maxFailedConnects: 4 });
    const errors: unknown[] = [];
    client.on("error", (e) => errors.push(e));
    const closed = new Promise((resolve) => client.on("state", (s) => s === "closed" && resolve(s)));
    client.connect();
    await closed;
    // 2 refused, 1 opened (the count starts again), 4 refused: 7 attempts.
    expect(sockets).toHaveLength(7);
    expect(String(errors.at(-1))).toMatch(/Could not connect 4 times in a row/);
    expect(errors.slice(0, -1).every((e) => /closed before it opened \(1006\)/.test(String(e)))).toBe(true);
  });
});
