import { FRAME_RULE, fullBucket, PUBLISH_RULE, take, type Bucket, type BucketRule } from "../domain/bucket";

type Kind = "publish" | "frames";
const RULES: Record<Kind, BucketRule> = { publish: PUBLISH_RULE, frames: FRAME_RULE };
/** Users held before the first sweep of refilled budgets; the mark then follows the number kept. */
const SWEEP_AT = 1024;

/**
 * Each user's rate budgets in one room or shard, shared by the user's sockets. A budget kept in a
 * socket's attachment started full on every new socket, so closing and reopening one was a fresh burst
 * each time. Memory is enough: an object hibernates only after seconds of silence, by which time every
 * budget has refilled anyway; a budget that has refilled is dropped, as it equals a new one.
 */
export class UserBudgets {
  private readonly byUser = new Map<string, Record<Kind, Bucket>>();
  private sweepAt = SWEEP_AT;

  /** Spends one of the user's `kind` tokens: ok, or how long until one is there. */
  take(userId: string, kind: Kind, now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    let budgets = this.byUser.get(userId);
    if (!budgets) {
      if (this.byUser.size >= this.sweepAt) this.sweep(now);
      this.byUser.set(userId, (budgets = { publish: fullBucket(PUBLISH_RULE, now), frames: fullBucket(FRAME_RULE, now) }));
    }
    const spent = take(budgets[kind], RULES[kind], now);
    budgets[kind] = spent.bucket;
    return spent.ok ? { ok: true } : { ok: false, retryAfterMs: spent.retryAfterMs };
  }

  private sweep(now: number): void {
    for (const [userId, b] of this.byUser) if (refilled(b.publish, PUBLISH_RULE, now) && refilled(b.frames, FRAME_RULE, now)) this.byUser.delete(userId);
    this.sweepAt = Math.max(SWEEP_AT, 2 * this.byUser.size);
  }
}

const refilled = (b: Bucket, rule: BucketRule, now: number) => b.tokens + (Math.max(0, now - b.at) / 1000) * rule.perSecond >= rule.capacity;
