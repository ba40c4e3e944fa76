import type { ServerFrame } from "../../../../shared/chat/protocol";
import { busyUnless, fullBucket, LIVE_READ_RULE, take, type ReadBusy } from "../domain/bucket";
import { liveRoomRule, SEQUENCER_RULE, SHARD_FRAMES_PER_SECOND, ShardAudience, staffReserve } from "../domain/live-rate";
import { canModerate } from "../domain/permissions";
import type { Actor } from "./room-api";
import type { UserBudgets } from "./budgets";
import { errorFrame } from "./sockets";

/**
 * A live room's budgets for everyone together: the messages it accepts, at what its fullest shard can send
 * (`liveRoomRule`), and the pages it reads for members (LIVE_READ_RULE). Ordinary rooms have neither.
 */
export class LiveBudget {
  /** The publish bucket, everyone's: clamped to the rule of the moment at each publish. */
  private publishes = fullBucket(SEQUENCER_RULE, Date.now());
  private reads = fullBucket(LIVE_READ_RULE, Date.now());
  /** Viewers on each shard, as they said: the publish rate follows the fullest. */
  readonly audience = new ShardAudience();
  /** What a shard sends a second (`SHARD_FRAMES_PER_SECOND`); a field so a test can lower it. */
  shardFramesPerSecond = SHARD_FRAMES_PER_SECOND;

  /** `maxViewers`: viewers a shard holds at most, what a shard not heard from is taken to hold. */
  constructor(private readonly maxViewers: number) {}

  /**
   * Spends one message for `actor`, given the room's shards: nothing when accepted, else the refusal naming the
   * publish. Hosts and moderators may spend all of the bucket, the audience only down to the staff's reserve, so a
   * crowd cannot turn the host's product pins away. With `peek`, spends nothing: what it would answer.
   */
  publish(actor: Actor, clientMsgId: string, shards: number[], now: number, peek = false): ServerFrame | null {
    const rule = liveRoomRule(this.audience.fullest(shards, this.maxViewers, now), this.shardFramesPerSecond);
    const spent = take(this.publishes, rule, now, 1, canModerate(actor.role) ? 0 : staffReserve(rule));
    if (!peek) this.publishes = spent.bucket;
    return spent.ok ? null : errorFrame("room_busy", "The room is taking all the messages its audience can receive; retry shortly.", { clientMsgId, retryAfterMs: spent.retryAfterMs });
  }

  /**
   * Spends `cost` pages of the read budget for a member's read, with `users`, of their own read share too (both or
   * neither): nothing when the read is served, else how long until it would be. Hosts, moderators and the tenant's
   * server (no reader) read freely: the crowd that spends the budget cannot lock them out.
   */
  read(reader: Actor | undefined, cost: number, users?: UserBudgets): ReadBusy | null {
    if (!reader || canModerate(reader.role)) return null;
    const now = Date.now();
    const spent = users ? users.takeRead(reader.userId, this.reads, LIVE_READ_RULE, now, cost) : take(this.reads, LIVE_READ_RULE, now, cost);
    this.reads = spent.bucket;
    return busyUnless(spent);
  }
}
