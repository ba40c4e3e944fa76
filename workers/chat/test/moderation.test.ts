import { describe, expect, it } from "vitest";
import type { MessageFrame } from "../../../shared/chat/protocol";
import { call, connect, connectRequest, createRoom, fetchWorker, TENANT_A, text, token } from "./helpers";
import { roomStub } from "./live-helpers";

describe("moderation", () => {
  it("lets a moderator delete a message: a tombstone frame, and history shows it deleted", async () => {
    const room = await createRoom(TENANT_A);
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
    const ann = await connect(room, await token(TENANT_A, "ann"));
    ann.send({ type: "publish", clientMsgId: "bad", body: text("spam") });
    const { seq } = await ann.next("ack");
    mod.send({ type: "delete", seq });
    expect(await ann.next("deleted")).toMatchObject({ seq, by: "mod" });
    const page = (await (await call(`/v1/chat/rooms/${room}/messages`, { tenant: TENANT_A })).json()) as { items: MessageFrame[] };
    expect(page.items[0]).toMatchObject({ seq, body: null, deletedAt: expect.any(String) });
    mod.send({ type: "delete", seq: 999 });
    expect(await mod.next("error")).toMatchObject({ code: "not_found" });
  });

  it("mutes a member until the time given", async () => {
    const room = await createRoom(TENANT_A);
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "host" }));
    const ann = await connect(room, await token(TENANT_A, "ann"));
    mod.send({ type: "mute", userId: "ann", seconds: 60 });
    expect(await ann.next("moderation")).toMatchObject({ action: "mute", userId: "ann", by: "mod" });
    ann.send({ type: "publish", clientMsgId: "m1", body: text("hello?") });
    expect(await ann.next("error")).toMatchObject({ code: "muted", clientMsgId: "m1" });
  });

  it("answers a publish sent again after its sender was muted, or now holds a lesser role, as the duplicate it is", async () => {
    const room = await createRoom(TENANT_A);
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
    const ann = await connect(room, await token(TENANT_A, "ann"));
    ann.send({ type: "publish", clientMsgId: "once", body: text("stored") });
    const { seq } = await ann.next("ack");
    mod.send({ type: "publish", clientMsgId: "sys", body: { kind: "system", text: "welcome" } });
    const sys = await mod.next("ack", (a) => a.clientMsgId === "sys");
    mod.send({ type: "mute", userId: "ann", seconds: 60 });
    await ann.next("moderation");
    // The ack was lost: the SDK sends the same clientMsgId again.
    ann.send({ type: "publish", clientMsgId: "once", body: text("stored") });
    expect(await ann.next("ack", (a) => a.clientMsgId === "once" && a.duplicate === true)).toEqual({ type: "ack", clientMsgId: "once", seq, duplicate: true });
    // A new one is still refused.
    ann.send({ type: "publish", clientMsgId: "new", body: text("muted now") });
    expect(await ann.next("error")).toMatchObject({ code: "muted", clientMsgId: "new" });
    // The moderator's token was replaced by a member's: their stored system message is still theirs.
    const demoted = await connect(room, await token(TENANT_A, "mod", { rooms: [room] }));
    demoted.send({ type: "publish", clientMsgId: "sys", body: { kind: "system", text: "welcome" } });
    expect(await demoted.next("ack")).toEqual({ type: "ack", clientMsgId: "sys", seq: sys.seq, duplicate: true });
  });

  it("removes a member: their sockets close and they cannot come back", async () => {
    const room = await createRoom(TENANT_A);
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
    const ann = await connect(room, await token(TENANT_A, "ann"));
    mod.send({ type: "remove", userId: "ann" });
    expect((await ann.closed).code).toBe(4003);
    // A client naming no protocol version gets the HTTP problem; the SDK's gets a close it can read (sdk-refusals.test.ts).
    const res = await fetchWorker(connectRequest(room, await token(TENANT_A, "ann"), { legacy: true }));
    expect(res.status).toBe(403);
  });

  it("applies a moderation frame once per sender and clientMsgId: sent again, it is answered applied (duplicate) and changes nothing", async () => {
    const room = await createRoom(TENANT_A);
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
    const ann = await connect(room, await token(TENANT_A, "ann"));
    ann.send({ type: "publish", clientMsgId: "bad", body: text("spam") });
    const { seq } = await ann.next("ack");
    mod.send({ type: "delete", seq, clientMsgId: "d1" });
    expect(await mod.next("applied")).toEqual({ type: "applied", clientMsgId: "d1" });
    // The answer was lost (a dropped socket): the SDK sends the same frame again, and the room knows it.
    mod.send({ type: "delete", seq, clientMsgId: "d1" });
    expect(await mod.next("applied")).toEqual({ type: "applied", clientMsgId: "d1", duplicate: true });
    mod.send({ type: "mute", userId: "ann", seconds: 60, clientMsgId: "m1" });
    await mod.next("applied", (a) => a.clientMsgId === "m1");
    mod.send({ type: "mute", userId: "ann", seconds: 60, clientMsgId: "m1" });
    expect(await mod.next("applied", (a) => a.clientMsgId === "m1")).toMatchObject({ duplicate: true });
    // The same id for another frame is refused, naming it: not answered as if that frame had been applied.
    mod.send({ type: "remove", userId: "ann", clientMsgId: "m1" });
    expect(await mod.next("error")).toMatchObject({ code: "invalid_frame", clientMsgId: "m1" });
    // Errors name the frame too, so the SDK stops sending it.
    mod.send({ type: "delete", seq: 999, clientMsgId: "d2" });
    expect(await mod.next("error")).toMatchObject({ code: "not_found", clientMsgId: "d2" });
    ann.send({ type: "ping" });
    await ann.next("pong");
    // Everyone saw each frame applied once.
    expect(ann.frames.filter((f) => f.type === "deleted" || f.type === "moderation").map((f) => f.type)).toEqual(["deleted", "moderation"]);
    expect(ann.frames.some((f) => f.type === "applied")).toBe(false);
  });

  it("answers a frame without a clientMsgId (a client from before it) as before: applied without an answer, an error naming nothing", async () => {
    const room = await createRoom(TENANT_A);
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "host" }));
    mod.send({ type: "mute", userId: "ann", seconds: 60 });
    expect(await mod.next("moderation")).toMatchObject({ action: "mute", userId: "ann" });
    mod.send({ type: "delete", seq: 999 });
    const error = await mod.next("error");
    expect(error).toMatchObject({ code: "not_found" });
    expect(error).not.toHaveProperty("clientMsgId");
    expect(mod.frames.some((f) => f.type === "applied")).toBe(false);
  });

  it("refuses moderation and system messages from members", async () => {
    const room = await createRoom(TENANT_A);
    const ann = await connect(room, await token(TENANT_A, "ann"));
    ann.send({ type: "publish", clientMsgId: "x", body: text("x") });
    const { seq } = await ann.next("ack");
    ann.send({ type: "delete", seq });
    expect(await ann.next("error")).toMatchObject({ code: "forbidden" });
    ann.send({ type: "remove", userId: "bob", clientMsgId: "r1" });
    expect(await ann.next("error")).toMatchObject({ code: "forbidden", clientMsgId: "r1" });
    ann.send({ type: "publish", clientMsgId: "sys", body: { kind: "system", text: "I am the host" } });
    expect(await ann.next("error")).toMatchObject({ code: "forbidden", clientMsgId: "sys" });
  });

  it("refuses a mute or removal of the host, or of an equal, naming the frame; a host may still remove a moderator", async () => {
    const room = await createRoom(TENANT_A);
    const host = await connect(room, await token(TENANT_A, "seller", { rooms: [room], role: "host" }));
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
    const mod2 = await connect(room, await token(TENANT_A, "mod2", { rooms: [room], role: "moderator" }));
    await host.next("hello");
    await mod.next("hello");
    await mod2.next("hello");
    mod.send({ type: "remove", userId: "seller", clientMsgId: "r1" });
    expect(await mod.next("error")).toMatchObject({ code: "forbidden", clientMsgId: "r1", message: "A moderator may not remove a host." });
    mod.send({ type: "mute", userId: "mod2", seconds: 60, clientMsgId: "m1" });
    expect(await mod.next("error")).toMatchObject({ code: "forbidden", clientMsgId: "m1" });
    // The host is still in: they publish.
    host.send({ type: "publish", clientMsgId: "still", body: text("still here") });
    expect(await host.next("ack")).toMatchObject({ clientMsgId: "still" });
    host.send({ type: "remove", userId: "mod2", clientMsgId: "r2" });
    expect(await host.next("applied")).toEqual({ type: "applied", clientMsgId: "r2" });
    expect((await mod2.closed).code).toBe(4003);
  });

  it("knows a live room's host by what they published as: a moderator cannot remove them", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    await roomStub(room).publishFrom({ userId: "seller", role: "host" }, "pin", text("welcome"));
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
    await mod.next("hello");
    mod.send({ type: "remove", userId: "seller", clientMsgId: "r1" });
    expect(await mod.next("error")).toMatchObject({ code: "forbidden", clientMsgId: "r1" });
    mod.send({ type: "remove", userId: "troll", clientMsgId: "r2" });
    expect(await mod.next("applied")).toEqual({ type: "applied", clientMsgId: "r2" });
  });
});
