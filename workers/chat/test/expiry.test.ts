import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { CLOSE } from "../../../shared/chat/protocol";
import { connect, createRoom, TENANT_A, text, token } from "./helpers";
import { roomStub } from "./live-helpers";

const SECRET = "test-chat-secret-0123456789abcdef0123456789abcdef";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A member's token for every room that expires `seconds` from now (the mint route's shortest is 60 s). */
const shortToken = (userId: string, seconds: number) =>
  new SignJWT({ tenant: TENANT_A, rooms: "*", role: "member" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer("ecp:chat")
    .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
    .sign(new TextEncoder().encode(SECRET));

describe("token expiry on a socket that only listens", () => {
  it.each(["group", "live"] as const)("closes a quiet %s socket with 4001 once its token expired, before it gets a later message", async (kind) => {
    const room = await createRoom(TENANT_A, { kind });
    const quiet = await connect(room, await shortToken(`quiet-${kind}`, 2));
    await quiet.next("hello");
    await sleep(3200);
    expect((await quiet.closed).code).toBe(CLOSE.tokenExpired);
    if (kind === "live") await roomStub(room).publishFrom({ userId: "seller", role: "host" }, "late", text("after expiry"));
    else {
      const other = await connect(room, await token(TENANT_A, "talker"));
      other.send({ type: "publish", clientMsgId: "late", body: text("after expiry") });
      await other.next("ack");
    }
    await sleep(100);
    expect(quiet.frames.filter((f) => f.type === "message")).toEqual([]);
  });

  it("keeps a socket whose token is still good open while another's expires", async () => {
    const room = await createRoom(TENANT_A);
    const short = await connect(room, await shortToken("brief", 2));
    const long = await connect(room, await token(TENANT_A, "lasting"));
    await short.next("hello");
    await long.next("hello");
    expect((await short.closed).code).toBe(CLOSE.tokenExpired);
    long.send({ type: "publish", clientMsgId: "still", body: text("still open") });
    expect(await long.next("ack")).toMatchObject({ seq: 1 });
  });
});
