import { RESUME_PAGE } from "../../../../shared/chat/protocol";

export { fullBucket, msUntil, spend, take, type Bucket, type BucketRule } from "../../../../shared/limits/token-bucket";
import type { BucketRule } from "../../../../shared/limits/token-bucket";

/** A user's publish budget in one room or shard, all their sockets together: bursts of 20, 10 a second sustained. */
export const PUBLISH_RULE: BucketRule = { capacity: 20, perSecond: 10 };
/**
 * A user's budget there for every frame received, charged before the frame is parsed (a publish also spends
 * PUBLISH_RULE once parsed). An invalid frame costs INVALID_FRAME_COST. The bucket goes into debt: a frame that
 * finds it overdrawn by less than FRAME_OVERDRAFT.named is parsed and refused by name (the client knows what to send
 * again); past that it is dropped unparsed, answered by at most one `dropped` refusal per wait; past
 * FRAME_OVERDRAFT.close the socket is closed (1008).
 */
export const FRAME_RULE: BucketRule = { capacity: 60, perSecond: 30 };
/** What a frame that fails JSON or the schema costs: the parse and the error cost the thread far more than a valid frame. */
export const INVALID_FRAME_COST = 5;
export const FRAME_OVERDRAFT = { named: 20, close: 120 } as const;
/**
 * What each further page of a resume costs in frame tokens when the server pages it itself, for a client that names no
 * protocol version (it does not know `page`): a page of up to RESUME_PAGE messages sends as many frames as ten frames
 * a client could send, so a replay is paced at the user's frame budget (~3 pages a second sustained), not sent at once.
 */
export const SERVER_PAGE_COST = 10;
/**
 * A member's own share of a live room's reads, in pages (see LIVE_READ_RULE): at their shard and in the room for history over HTTP,
 * at their shard for resume pages neither its buffer nor its page cache holds. Bursts of 6 (two history pages of
 * 500), 2 a second: a tenth of the room's 20, so one member polling or resuming leaves the rest to the others.
 */
export const READ_RULE: BucketRule = { capacity: 6, perSecond: 2 };
/**
 * What one live room's sequencer reads for its members together: history pages over HTTP and resumes older than
 * a shard's buffer. A token pays for one page of up to RESUME_PAGE (200) messages, so a history page of 500 costs
 * 3: at most 20 pages (4,000 messages) a second, next to at most 200 publishes (`liveRoomRule`) and the shards' deliveries, well under
 * a DO's ~1,000 req/s. Hosts, moderators, the tenant's server and the shards' own catch-up (`range`,
 * `attachShard`) do not draw on it (docs/chat-fanout.md).
 */
export const LIVE_READ_RULE: BucketRule = { capacity: 40, perSecond: 20 };
/** Tokens a read of up to `limit` messages costs: one per resume page (RESUME_PAGE, 200 messages). */
export const readCost = (limit: number): number => Math.max(1, Math.ceil(limit / RESUME_PAGE));
/**
 * One shard's share of LIVE_READ_RULE, spent before it asks the room: a crowd of viewers whose resumes the room
 * would refuse cannot flood it with calls, since the refusal happens at the shard. The shares of all S shards
 * add up to the room's rule; the room's own bucket still has the last word (history over HTTP spends it too).
 */
export const shardReadRule = (shards: number): BucketRule => {
  const s = Math.max(1, shards);
  return { capacity: Math.max(1, LIVE_READ_RULE.capacity / s), perSecond: LIVE_READ_RULE.perSecond / s };
};

/** A read refused for now: its budget is spent until `retryAfterMs` from now. */
export interface ReadBusy {
  busy: true;
  retryAfterMs: number;
}

/** What a spend means to a reader: nothing when it went through, else how long until it would. */
export const busyUnless = (spent: { ok: true } | { ok: false; retryAfterMs: number }): ReadBusy | null =>
  spent.ok ? null : { busy: true, retryAfterMs: spent.retryAfterMs };
