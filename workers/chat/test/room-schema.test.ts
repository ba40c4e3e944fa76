import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { MessageFrame } from "../../../shared/chat/protocol";
import { messagePin } from "../../../shared/chat/pins";
import type { ChatRoom } from "../src/do/room";
import { MODERATION_REQUEST_TTL_MS, RoomStore } from "../src/store/room-store";
import { roomStub } from "./live-helpers";
import { call, connect, createRoom, TENANT_A, token } from "./helpers";

/** The messages table as rooms made it before messages recorded their sender's role. */
const MESSAGES_BEFORE_ROLES = `CREATE TABLE messages (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, sender TEXT NOT NULL, client_msg_id TEXT NOT NULL, at TEXT NOT NULL,
  body TEXT, deleted_at TEXT, deleted_by TEXT, UNIQUE (sender, client_msg_id)
)`;

const product = { kind: "product", listingId: `lst_${"1".padStart(26, "0")}` } as const;

// A room's schema lives in its object's SQLite: a column added since a room was made is added when the room opens.
describe("a room made before messages recorded roles", () => {
  it.each(["group", "live"] as const)("opens (%s): its old messages read as before, without a role, and new ones record it", async (kind) => {
    const room = await createRoom(TENANT_A, { kind });
    await runInDurableObject(roomStub(room), (instance: ChatRoom, state) => {
      const sql = state.storage.sql;
      sql.exec("DROP TABLE messages");
      sql.exec("DROP TABLE IF EXISTS moderation_requests");
      sql.exec(MESSAGES_BEFORE_ROLES);
      sql.exec("INSERT INTO messages (seq, id, sender, client_msg_id, at, body) VALUES (1, 'msg_old', 'seller', 'old', '2026-01-01T00:00:00.000Z', ?)", JSON.stringify(product));
      // The object woken by the next event after a deploy: its store opened on the old schema.
      Object.assign(instance, { store: new RoomStore(sql) });
    });
    const seller = await connect(room, await token(TENANT_A, "seller", { rooms: [room], role: "host" }));
    expect((await seller.next("hello")).seq).toBe(1);
    seller.send({ type: "publish", clientMsgId: "new", body: product });
    expect(await seller.next("ack")).toMatchObject({ seq: 2 });
    const items = ((await (await call(`/v1/chat/rooms/${room}/messages`, { tenant: TENANT_A })).json()) as { items: MessageFrame[] }).items;
    expect(items[0]).toEqual({ type: "message", seq: 1, id: "msg_old", clientMsgId: "old", from: "seller", at: "2026-01-01T00:00:00.000Z", body: product });
    expect(items[1]).toMatchObject({ seq: 2, from: "seller", role: "host", body: product });
    // The pin rule does not guess the old message's role: only the new one pins.
    expect(items.map(messagePin)).toEqual([null, product.listingId]);
  });
});

describe("moderation requests a room remembers", () => {
  it("are forgotten a TTL after they were applied, when the next one is recorded; younger ones stay", async () => {
    const room = await createRoom(TENANT_A);
    await runInDurableObject(roomStub(room), (_instance: ChatRoom, state) => {
      const store = new RoomStore(state.storage.sql);
      const t0 = 1_000_000;
      store.recordModerationRequest("mod", "old", '{"type":"mute"}', t0);
      store.recordModerationRequest("mod", "young", '{"type":"delete"}', t0 + 1000);
      store.recordModerationRequest("mod", "now", '{"type":"remove"}', t0 + MODERATION_REQUEST_TTL_MS + 1);
      expect(store.moderationRequest("mod", "old")).toBeNull();
      expect(store.moderationRequest("mod", "young")).toBe('{"type":"delete"}');
      expect(store.moderationRequest("mod", "now")).toBe('{"type":"remove"}');
    });
  });
});
