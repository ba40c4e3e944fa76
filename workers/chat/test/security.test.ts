import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { newId } from "../../../shared/ids";
import { CLOSE } from "../../../shared/chat/protocol";
import type { ChatRoom } from "../src/do/room";
import { roomName, shardFor, shardName } from "../src/domain/shard";
import type { RoomStore } from "../src/store/room-store";
import { call, connect, connectRequest, createRoom, fetchWorker, TENANT_A, TENANT_B, token } from "./helpers";

const SECRET = "test-chat-secret-0123456789abcdef0123456789abcdef";

async function refused(req: Request, status: number, code?: string) {
  const res = await fetchWorker(req);
  expect(res.status).toBe(status);
  expect(res.webSocket).toBeNull();
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as { code: string; status: number };
  expect(body.status).toBe(status);
  if (code) expect(body.code).toBe(code);
}

describe("tokens and the upgrade", () => {
  it("mints an HS256 token with the asked lifetime, refusing bad requests with 400", async () => {
    const res = await call("/v1/chat/tokens", { method: "POST", tenant: TENANT_A, json: { userId: "u1", rooms: "*", ttlSeconds: 600 } });
    const { token: t, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
    expect(JSON.parse(atob(t.split(".")[0]!))).toMatchObject({ alg: "HS256" });
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(590_000);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(600_000);
    for (const bad of [{}, { userId: "u", ttlSeconds: 90_000 }, { userId: "u", role: "admin" }, { userId: "u", rooms: ["nope"] }]) {
      const r = await call("/v1/chat/tokens", { method: "POST", tenant: TENANT_A, json: bad });
      expect(r.status).toBe(400);
    }
  });

  it("names its rooms and a role per room: a host of one room moderates no other", async () => {
    const mine = await createRoom(TENANT_A);
    const theirs = await createRoom(TENANT_A);
    const mint = (json: unknown) => call("/v1/chat/tokens", { method: "POST", tenant: TENANT_A, json });
    // `rooms` omitted (the contract makes it optional) is "*": a member's token for every room. A host's or moderator's
    // must name its rooms.
    const omitted = await mint({ userId: "h" });
    expect(omitted.status).toBe(200);
    const claims = JSON.parse(atob(((await omitted.json()) as { token: string }).token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    expect(claims).toMatchObject({ rooms: "*", role: "member", sub: "h" });
    const member = await connect(mine, ((await (await mint({ userId: "plain" })).json()) as { token: string }).token);
    expect((await member.next("hello")).role).toBe("member");
    for (const json of [{ userId: "h", role: "host" }, { userId: "h", roles: { [mine]: "host" } }]) {
      const missing = await mint(json);
      expect(missing.status).toBe(400);
      expect(((await missing.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe("rooms");
    }
    expect((await mint({ userId: "h", rooms: "*", role: "host" })).status).toBe(400);
    expect((await mint({ userId: "h", rooms: "*", roles: { [mine]: "host" } })).status).toBe(400);
    expect((await mint({ userId: "h", rooms: [mine], roles: { [theirs]: "host" } })).status).toBe(400);

    // Host in one room, member in the other, through one token.
    const tok = await token(TENANT_A, "host1", { rooms: [mine, theirs], roles: { [mine]: "host" } });
    const victim = await token(TENANT_A, "victim");
    const here = await connect(mine, tok);
    expect((await here.next("hello")).role).toBe("host");
    const there = await connect(theirs, tok);
    expect((await there.next("hello")).role).toBe("member");
    const v = await connect(theirs, victim);
    await v.next("hello");
    there.send({ type: "remove", userId: "victim" });
    expect((await there.next("error")).code).toBe("forbidden");
    here.send({ type: "mute", userId: "victim", seconds: 60 });
    await here.next("moderation");
    // The old default: a host token for every room is refused at mint, and one minted before this change is a member's.
    expect((await mint({ userId: "h", rooms: "*", role: "moderator" })).status).toBe(400);
    const legacy = await new SignJWT({ tenant: TENANT_A, rooms: "*", role: "host" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("old-host")
      .setIssuer("ecp:chat")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(SECRET));
    const old = await connect(theirs, legacy);
    expect((await old.next("hello")).role).toBe("member");
    old.send({ type: "remove", userId: "victim" });
    expect((await old.next("error")).code).toBe("forbidden");
  });

  it("needs a secret key to mint tokens or make rooms", async () => {
    expect((await call("/v1/chat/tokens", { method: "POST", json: { userId: "u" } })).status).toBe(401);
    expect((await call("/v1/chat/rooms", { method: "POST", tenant: TENANT_A, keyKind: "publishable", json: { kind: "group" } })).status).toBe(403);
  });

  it("refuses a missing, forged, expired or wrong-room token before the upgrade", async () => {
    const room = await createRoom(TENANT_A);
    const other = await createRoom(TENANT_A);
    await refused(connectRequest(room, undefined, { legacy: true }), 401, "token_required");
    await refused(connectRequest(room, "not.a.jwt", { legacy: true }), 401, "invalid_token");
    const forged = await new SignJWT({ tenant: TENANT_A, rooms: "*", role: "moderator" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("mallory")
      .setIssuer("ecp:chat")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another secret"));
    await refused(connectRequest(room, forged, { legacy: true }), 401, "invalid_token");
    const expired = await new SignJWT({ tenant: TENANT_A, rooms: "*", role: "member" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("late")
      .setIssuer("ecp:chat")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(new TextEncoder().encode(SECRET));
    await refused(connectRequest(room, expired, { legacy: true }), 401, "token_expired");
    await refused(connectRequest(room, await token(TENANT_A, "u", { rooms: [other] }), { legacy: true }), 403, "room_not_allowed");
    const unsigned = `${btoa(JSON.stringify({ alg: "none" }))}.${btoa(JSON.stringify({ sub: "x", tenant: TENANT_A, rooms: "*", role: "host" }))}.`;
    await refused(connectRequest(room, unsigned, { legacy: true }), 401, "invalid_token");
  });

  it("answers 404 for another tenant's room, by token or by key", async () => {
    const room = await createRoom(TENANT_A);
    await refused(connectRequest(room, await token(TENANT_B, "u"), { legacy: true }), 404);
    expect((await call(`/v1/chat/rooms/${room}/messages`, { tenant: TENANT_B })).status).toBe(404);
    expect((await call(`/v1/chat/rooms/${room}`, { tenant: TENANT_B })).status).toBe(404);
    // A token of tenant A presented with tenant B's key reaches nothing either.
    expect((await call(`/v1/chat/rooms/${room}/messages?token=${await token(TENANT_A, "u")}`, { tenant: TENANT_B })).status).toBe(404);
    await refused(connectRequest("room_nonsense", await token(TENANT_A, "u"), { legacy: true }), 404);
  });

  it("leaves no stored data behind for a room that does not exist, whatever a \"*\" token asks of it", async () => {
    const tok = await token(TENANT_A, "prober");
    const live = newId("live");
    const plain = newId("room");
    await refused(connectRequest(live, tok, { legacy: true }), 404);
    await refused(connectRequest(plain, tok, { legacy: true }), 404);
    for (const id of [live, plain]) expect((await call(`/v1/chat/rooms/${id}/messages?token=${encodeURIComponent(tok)}`)).status).toBe(404);
    const stored = async (stub: DurableObjectStub) =>
      runInDurableObject(stub, async (_instance, state) => ({
        tables: state.storage.sql.exec("SELECT name FROM sqlite_master").toArray().length,
        keys: (await state.storage.list()).size,
      }));
    const shard = (id: string) => (env as Env).SHARDS.get((env as Env).SHARDS.idFromName(shardName(TENANT_A, id, shardFor("prober", 4))));
    const room = (id: string) => (env as Env).ROOMS.get((env as Env).ROOMS.idFromName(roomName(TENANT_A, id)));
    for (const stub of [shard(live), room(live), room(plain)]) expect(await stored(stub)).toEqual({ tables: 0, keys: 0 });
    // A room that exists: its shard keeps who it is, for the deliveries that wake it.
    const real = await createRoom(TENANT_A, { kind: "live" });
    await (await connect(real, tok)).next("hello");
    await runInDurableObject(shard(real), async (_instance, state) => expect(await state.storage.get("identity")).toMatchObject({ roomId: real }));
  });

  it("answers 426 to a connect that is not a WebSocket upgrade", async () => {
    const room = await createRoom(TENANT_A);
    const res = await call(`/v1/chat/rooms/${room}/connect?token=${await token(TENANT_A, "u")}`);
    expect(res.status).toBe(426);
  });

  it("admits only the two members to a direct room", async () => {
    const res = await call("/v1/chat/rooms", { method: "POST", tenant: TENANT_A, json: { kind: "direct", members: ["ann"] } });
    expect(res.status).toBe(400);
    const room = await createRoom(TENANT_A, { kind: "direct", members: ["ann", "bob"] });
    await connect(room, await token(TENANT_A, "ann"));
    await refused(connectRequest(room, await token(TENANT_A, "eve"), { legacy: true }), 403, "not_a_member");
    expect((await call(`/v1/chat/rooms/${room}/messages?token=${await token(TENANT_A, "eve")}`)).status).toBe(403);
    expect((await call(`/v1/chat/rooms/${room}/messages?token=${await token(TENANT_A, "bob")}`)).status).toBe(200);
  });

  it("connects a user as exactly the user its token names, whatever characters the id has", async () => {
    const direct = await createRoom(TENANT_A, { kind: "direct", members: ["张三", "seller"] });
    // " seller" is not a member: it must not arrive as "seller" (header values lose their edge whitespace).
    expect((await call(`/v1/chat/rooms/${direct}/messages?token=${await token(TENANT_A, " seller")}`)).status).toBe(403);
    await refused(connectRequest(direct, await token(TENANT_A, " seller"), { legacy: true }), 403, "not_a_member");
    const zhang = await connect(direct, await token(TENANT_A, "张三"));
    expect((await zhang.next("hello")).userId).toBe("张三");
    // A line break is no header value: still a user id, never a 500.
    for (const kind of ["group", "live"] as const) {
      const room = await createRoom(TENANT_A, { kind });
      const s = await connect(room, await token(TENANT_A, "two\nlines", { rooms: [room] }));
      expect((await s.next("hello")).userId).toBe("two\nlines");
      s.close();
    }
  });

  it("connects a user whose id is over the runtime's 256-byte socket tag limit, to a group room and a live room, capped at 5 sockets", async () => {
    const long = "张".repeat(128); // 128 characters, 384 bytes of UTF-8
    for (const kind of ["group", "live"] as const) {
      const room = await createRoom(TENANT_A, { kind });
      const tok = await token(TENANT_A, long, { rooms: [room] });
      const sockets = [];
      for (let i = 0; i < 6; i++) {
        const s = await connect(room, tok);
        expect((await s.next("hello")).userId).toBe(long);
        sockets.push(s);
      }
      expect((await sockets[0]!.closed).code).toBe(CLOSE.tooManyConnections);
      // Another long id (same length, same bytes but one) is another user: its sockets are not counted with these.
      const other = await connect(room, await token(TENANT_A, `${"张".repeat(127)}李`, { rooms: [room] }));
      expect((await other.next("hello")).userId).toBe(`${"张".repeat(127)}李`);
      await new Promise((r) => setTimeout(r, 50));
      expect(sockets.slice(1).every((s) => s.frames.every((f) => f.type !== "error"))).toBe(true);
      for (const s of [...sockets, other]) s.close();
    }
  });

  it("writes no member row for a connect that fails", async () => {
    const room = await createRoom(TENANT_A);
    const stub = (env as Env).ROOMS.get((env as Env).ROOMS.idFromName(roomName(TENANT_A, room)));
    await runInDurableObject(stub, (instance: ChatRoom) => {
      const ctx = (instance as unknown as { ctx: DurableObjectState }).ctx;
      ctx.acceptWebSocket = () => {
        throw new Error("the runtime refused the socket");
      };
    });
    const res = await fetchWorker(connectRequest(room, await token(TENANT_A, "ghost")));
    // A room call that throws is one to retry (`objectCall`), not a bug of the caller's.
    expect(res.status).toBe(503);
    await runInDurableObject(stub, (instance: ChatRoom) => {
      expect((instance as unknown as { store: RoomStore }).store.member("ghost")).toBeNull();
    });
  });

  it("describes its routes in its OpenAPI document", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/chat/rooms", "/v1/chat/tokens", "/v1/chat/rooms/{id}/connect", "/v1/chat/rooms/{id}/messages"]),
    );
  });
});
