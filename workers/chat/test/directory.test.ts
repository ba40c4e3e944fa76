import { describe, expect, it } from "vitest";
import { call, connect, createRoom, TENANT_A, token } from "./helpers";

const freshTenant = () => `ten_dir_${crypto.randomUUID().slice(0, 8)}`;
const list = async (tenant: string, query = "") => {
  const res = await call(`/v1/chat/rooms${query}`, { tenant });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { items: { id: string; kind: string; title: string | null; members: string[] }[]; nextCursor: string | null };
};

describe("the tenant's room directory", () => {
  it("lists the rooms a tenant made, newest first across kinds, paged by cursor, filtered by kind, never another tenant's", async () => {
    const t = freshTenant();
    const made: string[] = [];
    for (const body of [{ kind: "live" as const, title: "Show" }, { kind: "direct" as const, title: "Ask: lamp", members: ["b_1", "seller"] }, { kind: "group" as const }, { kind: "live" as const }]) {
      made.push(await createRoom(t, body));
      await new Promise((r) => setTimeout(r, 2)); // distinct creation times; ties are ordered by id anyway
    }
    await createRoom(freshTenant(), { kind: "live" });

    const all = await list(t);
    expect(all.items.map((r) => r.id)).toEqual([...made].reverse());
    expect(all.items.find((r) => r.kind === "direct")).toMatchObject({ title: "Ask: lamp", members: ["b_1", "seller"] });
    expect(all.nextCursor).toBeNull();

    const first = await list(t, "?limit=3");
    expect(first.items).toHaveLength(3);
    const rest = await list(t, `?limit=3&cursor=${first.nextCursor}`);
    expect([...first.items, ...rest.items].map((r) => r.id)).toEqual([...made].reverse());
    expect(rest.nextCursor).toBeNull();

    expect((await list(t, "?kind=live")).items.map((r) => r.id)).toEqual([made[3], made[0]]);
  });

  it("records a room once however often its create is retried with the same Idempotency-Key", async () => {
    const t = freshTenant();
    const send = () => call("/v1/chat/rooms", { method: "POST", tenant: t, headers: { "idempotency-key": "room-once" }, json: { kind: "live", title: "Once" } });
    const answers = await Promise.all([send(), send()]);
    const again = await send();
    const ids = new Set(await Promise.all([...answers, again].map(async (r) => ((await r.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
    expect((await list(t)).items.map((r) => r.id)).toEqual([...ids]);
  });

  it("answers a bad kind, limit or cursor with a problem naming the query field", async () => {
    for (const [query, path] of [["?kind=private", "query.kind"], ["?limit=0", "query.limit"], ["?cursor=abc", "query.cursor"]] as const) {
      const res = await call(`/v1/chat/rooms${query}`, { tenant: TENANT_A });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(((await res.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe(path);
    }
    expect((await call("/v1/chat/rooms", { tenant: TENANT_A, keyKind: "publishable" })).status).toBe(403);
  });
});

describe("publishing from the tenant's server", () => {
  const publish = (tenant: string, room: string, json: unknown) => call(`/v1/chat/rooms/${room}/messages`, { method: "POST", tenant, json });
  const pin = (clientMsgId: string) => ({ userId: "seller", role: "host", clientMsgId, body: { kind: "product", listingId: "lst_01JDEMO0000000000000000000" } });

  it("sequences a host's product pin and delivers it to the room's sockets; a repeated clientMsgId replays its seq", async () => {
    const room = await createRoom(TENANT_A, { kind: "group" });
    const viewer = await connect(room, await token(TENANT_A, "viewer", { rooms: [room] }));
    await viewer.next("hello");
    const res = await publish(TENANT_A, room, pin("pin-1"));
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toEqual({ seq: 1, duplicate: false });
    const delivered = await viewer.next("message");
    expect(delivered).toMatchObject({ seq: 1, from: "seller", clientMsgId: "pin-1", body: { kind: "product" } });
    const again = await publish(TENANT_A, room, pin("pin-1"));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ seq: 1, duplicate: true });
  });

  it("applies the room's rules: a member may not announce, a stranger may not speak in a direct room, another tenant's room is a 404", async () => {
    const room = await createRoom(TENANT_A, { kind: "group" });
    const member = await publish(TENANT_A, room, { userId: "ann", role: "member", clientMsgId: "m-1", body: { kind: "system", text: "Sale ends" } });
    expect(member.status).toBe(403);
    const direct = await createRoom(TENANT_A, { kind: "direct", members: ["b_1", "seller"] });
    expect((await publish(TENANT_A, direct, { userId: "mallory", clientMsgId: "x", body: { kind: "text", text: "hi" } })).status).toBe(403);
    expect((await publish(TENANT_A, direct, { userId: "seller", clientMsgId: "x", body: { kind: "text", text: "hi" } })).status).toBe(201);
    expect((await publish("ten_01JTESTB000000000000000000", room, pin("p"))).status).toBe(404);
    const bad = await publish(TENANT_A, room, { ...pin("p"), body: { kind: "product", listingId: "nope" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe("body.listingId");
  });
});
