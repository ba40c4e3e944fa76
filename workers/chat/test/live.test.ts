import { describe, expect, it } from "vitest";
import { roomName, shardFor } from "../src/domain/shard";
import { env, exports } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import type { ChatRoom } from "../src/do/room";
import { call, connect, connectRequest, createRoom, TENANT_A, text, token } from "./helpers";

/** Viewers whose ids hash to different shards of the 4 in wrangler.toml. */
function viewersOnDistinctShards(n: number): string[] {
  const byShard = new Map<number, string>();
  for (let i = 0; byShard.size < n; i++) if (!byShard.has(shardFor(`v${i}`, 4))) byShard.set(shardFor(`v${i}`, 4), `v${i}`);
  return [...byShard.values()];
}

describe("live rooms through shards", () => {
  it("delivers every message, in seq order, to viewers on every shard, and resumes at a shard", async () => {
    const room = await createRoom(TENANT_A, { kind: "live", title: "launch" });
    expect(room).toMatch(/^live_/);
    const [v1, v2, v3] = viewersOnDistinctShards(3);
    const a = await connect(room, await token(TENANT_A, v1!));
    const b = await connect(room, await token(TENANT_A, v2!));
    await a.next("hello");
    await b.next("hello");
    for (let i = 1; i <= 20; i++) a.send({ type: "publish", clientMsgId: `l${i}`, body: text(`l${i}`) });
    for (let i = 1; i <= 20; i++) expect((await a.next("ack", (f) => f.clientMsgId === `l${i}`)).seq).toBeGreaterThan(0);
    for (const s of [a, b]) {
      const seqs: number[] = [];
      for (let i = 0; i < 20; i++) seqs.push((await s.next("message")).seq);
      expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
    // A late viewer on a third shard resumes from the start.
    const c = await connect(room, await token(TENANT_A, v3!));
    c.send({ type: "resume", afterSeq: 5 });
    const seqs: number[] = [];
    for (let i = 0; i < 15; i++) seqs.push((await c.next("message")).seq);
    expect(seqs).toEqual(Array.from({ length: 15 }, (_, i) => i + 6));
    expect(await c.next("synced")).toMatchObject({ seq: 20 });
    const history = (await (await call(`/v1/chat/rooms/${room}/messages?limit=100`, { tenant: TENANT_A })).json()) as { items: unknown[] };
    expect(history.items).toHaveLength(20);
  });

  it("a full shard answers 503 shard_full with Retry-After; the other shards still admit", async () => {
    // The chat project's shards hold 6 viewers (vitest.config.ts; wrangler.toml's cap is 20,000).
    const room = await createRoom(TENANT_A, { kind: "live" });
    const sameShard: string[] = [];
    for (let i = 0; sameShard.length < 7; i++) if (shardFor(`full${i}`, 4) === 0) sameShard.push(`full${i}`);
    const held = [];
    for (const viewer of sameShard.slice(0, 6)) held.push(await connect(room, await token(TENANT_A, viewer)));
    const refused = await exports.default.fetch(connectRequest(room, await token(TENANT_A, sameShard[6]!)));
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(((await refused.json()) as { code: string }).code).toBe("shard_full");
    const [elsewhere] = viewersOnDistinctShards(2).filter((v) => shardFor(v, 4) !== 0);
    await (await connect(room, await token(TENANT_A, elsewhere!))).next("hello");
    held[0]!.close();
    await held[0]!.closed;
    await (await connect(room, await token(TENANT_A, sameShard[6]!))).next("hello");
  });

  it("is idempotent by clientMsgId and relays moderation to every shard", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const [v1, v2] = viewersOnDistinctShards(2);
    const viewer = await connect(room, await token(TENANT_A, v1!));
    const mod = await connect(room, await token(TENANT_A, v2!, { rooms: [room], role: "moderator" }));
    viewer.send({ type: "publish", clientMsgId: "same", body: text("hi") });
    const first = await viewer.next("ack");
    viewer.send({ type: "publish", clientMsgId: "same", body: text("hi") });
    expect(await viewer.next("ack")).toMatchObject({ seq: first.seq, duplicate: true });
    mod.send({ type: "delete", seq: first.seq });
    expect(await viewer.next("deleted")).toMatchObject({ seq: first.seq });
    mod.send({ type: "remove", userId: v1! });
    expect((await viewer.closed).code).toBe(4003);
  });

  it("spends the room's shared budget on the audience only: a crowd that used it up cannot turn a host away", async () => {
    const room = await createRoom(TENANT_A, { kind: "live" });
    const stub = (env as Env).ROOMS.get((env as Env).ROOMS.idFromName(roomName(TENANT_A, room)));
    // Each publish arrives just after the crowd spent the whole budget (LIVE_ROOM_RULE).
    const post = async (userId: string, role: string) => {
      await runInDurableObject(stub, (instance: ChatRoom) => {
        (instance as unknown as { liveBudget: { tokens: number; at: number } }).liveBudget = { tokens: 0, at: Date.now() + 60_000 };
      });
      return call(`/v1/chat/rooms/${room}/messages`, { method: "POST", tenant: TENANT_A, json: { userId, role, clientMsgId: `${userId}-1`, body: text("hi") } });
    };
    const busy = await post("viewer", "member");
    expect(busy.status).toBe(429);
    expect(((await busy.json()) as { code: string }).code).toBe("room_busy");
    expect((await post("seller", "host")).status).toBe(201);
    expect((await post("mod", "moderator")).status).toBe(201);
  });
});
