import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import type { MessageFrame, ServerFrame } from "../../../shared/chat/protocol";
import { ChatRoom } from "../src/do/room";
import { fullBucket, type Bucket } from "../src/domain/bucket";
import { SEQUENCER_RULE } from "../src/domain/live-rate";
import { roomName, shardFor } from "../src/domain/shard";
import { createRoom, TENANT_A, text, type TestSocket } from "./helpers";

export const roomStub = (roomId: string) => (env as Env).ROOMS.get((env as Env).ROOMS.idFromName(roomName(TENANT_A, roomId)));

/**
 * A live room with `n` messages by its host, written inside the room object (thousands take a moment that way; the
 * room's publish budget is refilled before each, so it is not in the way). No shard is attached yet, so the first
 * connect boots with the room's last 200 messages: every earlier page of a resume is read from the room.
 */
export async function liveRoom(n: number): Promise<string> {
  const room = await createRoom(TENANT_A, { kind: "live" });
  await runInDurableObject(roomStub(room), (instance: ChatRoom) => {
    const budget = (instance as unknown as { live: { publishes: Bucket } }).live;
    for (let i = 1; i <= n; i++) {
      budget.publishes = fullBucket(SEQUENCER_RULE, Date.now());
      const r = instance.publishFrom({ userId: "seller", role: "host" }, `f${i}`, text(`m${i}`));
      if (!r.ok) throw new Error(`publish ${i}: ${JSON.stringify(r.error)}`);
    }
  });
  return room;
}

/** `n` user ids (`prefix…`) that the 4 shards of wrangler.toml hash to one shard. */
export function sameShard(n: number, prefix: string): string[] {
  const k = shardFor(`${prefix}0`, 4);
  const users: string[] = [];
  for (let i = 0; users.length < n; i++) if (shardFor(`${prefix}${i}`, 4) === k) users.push(`${prefix}${i}`);
  return users;
}

/**
 * Counts the calls the room object gets to one of its methods (the class the Durable Object runs is this module's);
 * `holdWhile` holds each answer until it turns false, so a test sees what happens meanwhile without racing a timer. `failFirst` makes the first call throw: `"before"` it does anything (the room
 * is being redeployed), `"after"` it did its work (the answer was lost on the way back). `restoreRoom` undoes it.
 */
const restore: (() => void)[] = [];
export function countCalls(method: "replayFor" | "moderationFor" | "moderateFrom" | "publishFrom" | "range" | "history" | "info", { holdWhile, failFirst }: { holdWhile?: () => boolean; failFirst?: "before" | "after" } = {}): { count: number } {
  const counter = { count: 0 };
  const original = ChatRoom.prototype[method] as (...args: unknown[]) => unknown;
  (ChatRoom.prototype as unknown as Record<string, unknown>)[method] = function (this: ChatRoom, ...args: unknown[]) {
    if (counter.count++ === 0 && failFirst) {
      if (failFirst === "after") original.apply(this, args);
      throw new Error(failFirst === "after" ? "the room's answer was lost" : "the room is being redeployed");
    }
    if (!holdWhile) return original.apply(this, args);
    return (async () => {
      while (holdWhile()) await sleep(5);
      return original.apply(this, args);
    })();
  };
  restore.push(() => ((ChatRoom.prototype as unknown as Record<string, unknown>)[method] = original));
  return counter;
}
export function restoreRoom(): void {
  for (const undo of restore.splice(0)) undo();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The answers to the resumes sent so far after frame `from`: each a `page`/`synced` frame or a refusal naming its `afterSeq`. */
export async function answers(s: TestSocket, from: number, n: number): Promise<ServerFrame[]> {
  const isAnswer = (f: ServerFrame) => f.type === "page" || f.type === "synced" || (f.type === "error" && f.afterSeq !== undefined);
  for (let waited = 0; waited < 5000; waited += 10) {
    const got = s.frames.slice(from).filter(isAnswer);
    if (got.length >= n) return got;
    await sleep(10);
  }
  throw new Error(`fewer than ${n} answers: ${JSON.stringify(s.frames.slice(-3))}`);
}

/** Sends one resume and waits for its answer. */
export async function ask(s: TestSocket, afterSeq: number): Promise<ServerFrame> {
  const from = s.frames.length;
  s.send({ type: "resume", afterSeq });
  return (await answers(s, from, 1))[0]!;
}

/** Resumes from 0 page by page as the SDK does, asking again after each refusal's retryAfterMs; the messages it got. */
export async function resumeAll(s: TestSocket): Promise<MessageFrame[]> {
  let afterSeq = 0;
  for (;;) {
    const answer = await ask(s, afterSeq);
    if (answer.type === "synced") return s.frames.filter((f): f is MessageFrame => f.type === "message");
    if (answer.type === "page") afterSeq = answer.seq;
    else if (answer.type === "error") await sleep(answer.retryAfterMs ?? 100);
  }
}
