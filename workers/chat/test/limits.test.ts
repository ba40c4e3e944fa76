import { describe, expect, it } from "vitest";
import { MAX_FRAME_BYTES } from "../../../shared/chat/protocol";
import { connect, createRoom, TENANT_A, text, token } from "./helpers";

describe("abuse limits", () => {
  it("answers every kind of bad frame with an error frame and keeps serving the room", async () => {
    const room = await createRoom(TENANT_A);
    const a = await connect(room, await token(TENANT_A, "ann"));
    const bad: [string, string][] = [
      ["{not json", "invalid_frame"],
      ["[]", "invalid_frame"],
      ['{"type":"launch"}', "invalid_frame"],
      [JSON.stringify({ type: "publish", clientMsgId: "c", body: { kind: "text", text: "" } }), "invalid_frame"],
      [JSON.stringify({ type: "publish", clientMsgId: "c", body: { kind: "image", url: "javascript:alert(1)", width: 1, height: 1 } }), "invalid_frame"],
      [JSON.stringify({ type: "publish", clientMsgId: "c", body: { kind: "text", text: "x".repeat(4001) } }), "invalid_frame"],
      [JSON.stringify({ type: "publish", clientMsgId: "c", body: { kind: "video", url: "https://x.io/v", width: 1, height: 1, durationMs: -1 } }), "invalid_frame"],
      [JSON.stringify({ type: "publish", clientMsgId: "c", body: { kind: "product", listingId: "1; drop table" } }), "invalid_frame"],
      [JSON.stringify({ type: "resume", afterSeq: -1 }), "invalid_frame"],
      ["x".repeat(MAX_FRAME_BYTES + 1), "frame_too_large"],
    ];
    for (const [frame, code] of bad) {
      a.send(frame);
      expect(await a.next("error")).toMatchObject({ code });
    }
    a.send({ type: "publish", clientMsgId: "ok", body: text("still here") });
    expect(await a.next("ack")).toMatchObject({ seq: 1 });
  });

  it("rate-limits publishes per connection, telling when to retry, without losing the room", async () => {
    const room = await createRoom(TENANT_A);
    const a = await connect(room, await token(TENANT_A, "ann"));
    for (let i = 0; i < 40; i++) a.send({ type: "publish", clientMsgId: `f${i}`, body: text(`${i}`) });
    const limited = await a.next("error", (e) => e.code === "rate_limited");
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    expect(limited.clientMsgId).toMatch(/^f\d+$/);
    const b = await connect(room, await token(TENANT_A, "bob"));
    b.send({ type: "publish", clientMsgId: "b", body: text("another connection has its own budget") });
    expect((await b.next("ack")).seq).toBeGreaterThan(0);
  });

  it("names the afterSeq of a resume its frame budget refused, so the client knows to send that resume again", async () => {
    const room = await createRoom(TENANT_A);
    const a = await connect(room, await token(TENANT_A, "looper"));
    await a.next("hello");
    for (let i = 0; i < 70; i++) a.send({ type: "resume", afterSeq: 0 });
    expect(await a.next("error", (e) => e.code === "rate_limited")).toMatchObject({ afterSeq: 0, retryAfterMs: expect.any(Number) });
  });

  it("keeps a user's spent budget across a reconnect: a fresh socket is no fresh burst", async () => {
    for (const kind of ["group", "live"] as const) {
      const room = await createRoom(TENANT_A, { kind });
      const tok = await token(TENANT_A, `flooder-${kind}`);
      const first = await connect(room, tok);
      await first.next("hello");
      for (let i = 0; i < 25; i++) first.send({ type: "publish", clientMsgId: `a${i}`, body: text(`${i}`) });
      await first.next("error", (e) => e.code === "rate_limited");
      first.close();
      await first.closed;
      const second = await connect(room, tok);
      await second.next("hello");
      for (let i = 0; i < 20; i++) second.send({ type: "publish", clientMsgId: `b${i}`, body: text(`${i}`) });
      const limited = await second.next("error", (e) => e.code === "rate_limited");
      expect(limited.clientMsgId).toMatch(/^b\d+$/);
      second.close();
    }
  });
});
