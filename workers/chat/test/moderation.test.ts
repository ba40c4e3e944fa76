import { describe, expect, it } from "vitest";
import type { MessageFrame } from "../../../shared/chat/protocol";
import { call, connect, connectRequest, createRoom, TENANT_A, text, token } from "./helpers";
import { exports } from "cloudflare:workers";

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

  it("removes a member: their sockets close and they cannot come back", async () => {
    const room = await createRoom(TENANT_A);
    const mod = await connect(room, await token(TENANT_A, "mod", { rooms: [room], role: "moderator" }));
    const ann = await connect(room, await token(TENANT_A, "ann"));
    mod.send({ type: "remove", userId: "ann" });
    expect((await ann.closed).code).toBe(4003);
    const res = await exports.default.fetch(connectRequest(room, await token(TENANT_A, "ann")));
    expect(res.status).toBe(403);
  });

  it("refuses moderation and system messages from members", async () => {
    const room = await createRoom(TENANT_A);
    const ann = await connect(room, await token(TENANT_A, "ann"));
    ann.send({ type: "publish", clientMsgId: "x", body: text("x") });
    const { seq } = await ann.next("ack");
    ann.send({ type: "delete", seq });
    expect(await ann.next("error")).toMatchObject({ code: "forbidden" });
    ann.send({ type: "remove", userId: "bob" });
    expect(await ann.next("error")).toMatchObject({ code: "forbidden" });
    ann.send({ type: "publish", clientMsgId: "sys", body: { kind: "system", text: "I am the host" } });
    expect(await ann.next("error")).toMatchObject({ code: "forbidden", clientMsgId: "sys" });
  });
});
