import type { ServerFrame } from "../../../../shared/chat/protocol";
import { busyUnless, fullBucket, LIVE_READ_RULE, take, type Bucket, type ReadBusy } from "../domain/bucket";
import { audienceMemberRule, liveRoomRule, SEQUENCER_RULE, SHARD_FRAMES_PER_SECOND, ShardAudience, staffReserve } from "../domain/live-rate";
import { canModerate } from "../domain/permissions";
import type { Actor } from "./room-api";
import type { UserBudgets } from "./budgets";
import { errorFrame } from "./sockets";

/** Members' publish shares kept before refilled ones are swept. */
const MEMBERS_SWEEP_AT = 4096;

/**
 * A room's budgets for everyone together: the messages it accepts, at what its fullest shard can send
 * (`liveRoomRule`; an ordinary room is its own one shard), and the pages a live room reads for members (LIVE_READ_RULE).
 */
export class LiveBudget {
  /** The publish bucket, everyone's: clamped to the rule of the moment at each publish. */
  private publishes = fullBucket(SEQUENCER_RULE, Date.now());
  private reads = fullBucket(LIVE_READ_RULE, Date.now());
  /** Each audience member's share of the publish bucket (`audienceMemberRule`); a refilled one is dropped. */
  private readonly members = new Map<string, Bucket>();
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
    const staff = canModerate(actor.role);
    const spent = take(this.publishes, rule, now, 1, staff ? 0 : staffReserve(rule));
    if (!spent.ok) {
      if (!peek) this.publishes = spent.bucket;
      return errorFrame("room_busy", "The room is taking all the messages its audience can receive; retry shortly.", { clientMsgId, retryAfterMs: spent.retryAfterMs });
    }
    if (!staff) {
      // One member's share, so one script cannot take every audience token. `rate_limited`, not `room_busy`: a shard
      // told room_busy holds back its whole audience.
      const own = audienceMemberRule(rule);
      const mine = take(this.members.get(actor.userId) ?? fullBucket(own, now), own, now);
      if (!peek) this.keep(actor.userId, mine.bucket, own, now);
      if (!mine.ok) return errorFrame("rate_limited", "You are sending more than your share of this room's messages; retry shortly.", { clientMsgId, retryAfterMs: mine.retryAfterMs });
    }
    if (!peek) this.publishes = spent.bucket;
    return null;
  }

  private keep(userId: string, bucket: Bucket, rule: { capacity: number; perSecond: number }, now: number): void {
    if (!this.members.has(userId) && this.members.size >= MEMBERS_SWEEP_AT) {
      for (const [u, b] of this.members) if (b.tokens + ((now - b.at) / 1000) * rule.perSecond >= rule.capacity) this.members.delete(u);
    }
    this.members.set(userId, bucket);
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
