import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { base, DEMO, expectProblem, newTenant } from "./helpers";
import { client, createRoom, handshakeStatus, mintToken, until } from "./chat-helpers";

const clients: { c: { close(): void } }[] = [];
const track = <T extends { c: { close(): void } }>(x: T) => (clients.push(x), x);
afterAll(() => clients.forEach((x) => x.c.close()));

describe("chat through the gateway with the SDK", () => {
  it("delivers published messages to every member in order and serves them as history", async () => {
    const room = await createRoom(base(), DEMO.secret);
    const tokenFor = (u: string) => () => mintToken(base(), DEMO.secret, u, { rooms: [room] });
    const ann = track(client({ baseUrl: base(), roomId: room, token: tokenFor("ann") }));
    const bob = track(client({ baseUrl: base(), roomId: room, token: tokenFor("bob") }));
    ann.c.connect();
    bob.c.connect();
    const acks = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? ann : bob).c.publish({ kind: "text", text: `m${i}` })));
    expect(acks.map((a) => a.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await until(() => ann.messages.length === 10 && bob.messages.length === 10, "delivery");
    expect(ann.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(bob.messages).toEqual(ann.messages);

    const tok = await mintToken(base(), DEMO.secret, "carol", { rooms: [room] });
    const res = await fetch(`${base()}/v1/chat/rooms/${room}/messages?afterSeq=4&limit=3&token=${tok}`);
    const page = (await res.json()) as { items: { seq: number }[]; nextCursor: string | null; unread: number };
    expect(page.items.map((m) => m.seq)).toEqual([5, 6, 7]);
    expect(page.nextCursor).not.toBeNull();
    expect(page.unread).toBe(10);
  });

  it("catches a member up after a dropped connection, exactly once and in order", async () => {
    const room = await createRoom(base(), DEMO.secret);
    const ann = track(client({ baseUrl: base(), roomId: room, token: () => mintToken(base(), DEMO.secret, "ann", { rooms: [room] }) }));
    const bob = track(client({ baseUrl: base(), roomId: room, token: () => mintToken(base(), DEMO.secret, "bob", { rooms: [room] }) }));
    ann.c.connect();
    bob.c.connect();
    await ann.c.publish({ kind: "text", text: "before" });
    await until(() => bob.messages.length === 1, "first message");
    bob.c.reconnect();
    const sent = await Promise.all([1, 2, 3].map((i) => ann.c.publish({ kind: "text", text: `during ${i}` })));
    await until(() => bob.messages.length === 4 && bob.c.state === "live", "catch-up");
    expect(bob.messages.map((m) => m.seq)).toEqual([1, ...sent.map((s) => s.seq).sort((a, b) => a - b)]);
  });

  it("sequences one socket's burst of publishes in the order sent, in a group room and through a live room's shard", async () => {
    for (const kind of ["group", "live"]) {
      const room = await createRoom(base(), DEMO.secret, { kind, title: "order" });
      const token = await mintToken(base(), DEMO.secret, `burst-${kind}`, { rooms: [room] });
      const ws = new WebSocket(`${base().replace(/^http/, "ws")}/v1/chat/rooms/${room}/connect?token=${encodeURIComponent(token)}`);
      clients.push({ c: ws });
      await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
      const acks: { clientMsgId: string; seq: number }[] = [];
      const all = new Promise<void>((resolve) =>
        ws.on("message", (data) => {
          const f = JSON.parse(String(data)) as { type: string; clientMsgId: string; seq: number };
          if (f.type === "ack" && acks.push(f) === 8) resolve();
        }),
      );
      // Sent back to back, without waiting for acks, as an app flushing its outbox does.
      for (let i = 0; i < 8; i++) ws.send(JSON.stringify({ type: "publish", clientMsgId: `b${i}`, body: { kind: "text", text: `${i}` } }));
      await all;
      expect(acks.sort((a, b) => a.seq - b.seq).map((a) => a.clientMsgId), kind).toEqual(Array.from({ length: 8 }, (_, i) => `b${i}`));
    }
  });

  it("refuses bad tokens before the upgrade, and another tenant's room with 404", async () => {
    const room = await createRoom(base(), DEMO.secret);
    const ws = base().replace(/^http/, "ws");
    expect(await handshakeStatus(`${ws}/v1/chat/rooms/${room}/connect?token=forged`)).toBe(401);
    const other = await newTenant();
    const foreign = await mintToken(base(), other.keys.secret, "eve", { rooms: "*" });
    expect(await handshakeStatus(`${ws}/v1/chat/rooms/${room}/connect?token=${foreign}`)).toBe(404);
    await expectProblem(await fetch(`${base()}/v1/chat/rooms/${room}/messages`, { headers: { authorization: `Bearer ${other.keys.secret}` } }), 404);
    await expectProblem(await fetch(`${base()}/v1/chat/rooms/${room}/messages`), 401);
  });
});
