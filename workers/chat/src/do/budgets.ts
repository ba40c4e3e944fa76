import { FRAME_OVERDRAFT, FRAME_RULE, fullBucket, msUntil, PUBLISH_RULE, READ_RULE, spend, take, type Bucket, type BucketRule } from "../domain/bucket";

type Kind = "publish" | "frames" | "reads";
const RULES: Record<Kind, BucketRule> = { publish: PUBLISH_RULE, frames: FRAME_RULE, reads: READ_RULE };
const KINDS = Object.keys(RULES) as Kind[];
/** Users held before the first sweep of refilled budgets; the mark then follows the number kept. */
const SWEEP_AT = 1024;

type Spent = { ok: true; bucket: Bucket } | { ok: false; bucket: Bucket; retryAfterMs: number };

/**
 * Each user's rate budgets in one room or shard, shared by the user's sockets. A budget kept in a
 * socket's attachment started full on every new socket, so closing and reopening one was a fresh burst
 * each time. Memory is enough: an object hibernates only after seconds of silence, by which time every
 * budget has refilled anyway; a budget that has refilled is dropped, as it equals a new one.
 */
export class UserBudgets {
  private readonly byUser = new Map<string, Record<Kind, Bucket>>();
  private sweepAt = SWEEP_AT;
  private readonly quietUntil = new Map<string, number>();

  /** Spends `cost` of the user's `kind` tokens (one unless said): ok, or how long until they are there. */
  take(userId: string, kind: Kind, now: number, cost = 1): { ok: true } | { ok: false; retryAfterMs: number } {
    const budgets = this.of(userId, now);
    const spent = take(budgets[kind], RULES[kind], now, cost);
    budgets[kind] = spent.bucket;
    return spent.ok ? { ok: true } : { ok: false, retryAfterMs: spent.retryAfterMs };
  }

  /**
   * Charges a received frame to the user's `frames` budget, before anything reads it; `cost` more for one that turned
   * out invalid. Returns how far the budget is overdrawn (0 when not) and, when it is, how long until it is not.
   */
  charge(userId: string, now: number, cost = 1): { debt: number; retryAfterMs: number } {
    const budgets = this.of(userId, now);
    const b = (budgets.frames = spend(budgets.frames, FRAME_RULE, now, cost, -2 * FRAME_OVERDRAFT.close));
    return b.tokens >= 0 ? { debt: 0, retryAfterMs: 0 } : { debt: -b.tokens, retryAfterMs: msUntil(b, FRAME_RULE, 1) };
  }

  /**
   * Whether a dropped frame of the user's gets an answer: one per wait it names, so a flood is answered a few times a
   * second at most, whatever its rate.
   */
  answerDropped(userId: string, now: number, waitMs: number): boolean {
    if ((this.quietUntil.get(userId) ?? 0) > now) return false;
    if (this.quietUntil.size >= this.sweepAt) for (const [u, t] of this.quietUntil) if (t <= now) this.quietUntil.delete(u);
    this.quietUntil.set(userId, now + Math.max(waitMs, 250));
    return true;
  }

  /**
   * A member's read of a live room: `cost` pages from a shared budget (the room's, or a shard's share of it) and from
   * the user's own `reads` share together, or from neither. The shared one is asked first, so a read it refuses costs
   * the user nothing; one the user's share refuses leaves the shared budget to the other members. Returns the shared
   * bucket to keep.
   */
  takeRead(userId: string, shared: Bucket, rule: BucketRule, now: number, cost = 1): Spent {
    const fromShared = take(shared, rule, now, cost);
    if (!fromShared.ok) return fromShared;
    const own = this.take(userId, "reads", now, cost);
    return own.ok ? fromShared : { ok: false, bucket: shared, retryAfterMs: own.retryAfterMs };
  }

  private of(userId: string, now: number): Record<Kind, Bucket> {
    let budgets = this.byUser.get(userId);
    if (!budgets) {
      if (this.byUser.size >= this.sweepAt) this.sweep(now);
      this.byUser.set(userId, (budgets = { publish: fullBucket(PUBLISH_RULE, now), frames: fullBucket(FRAME_RULE, now), reads: fullBucket(READ_RULE, now) }));
    }
    return budgets;
  }

  private sweep(now: number): void {
    for (const [userId, b] of this.byUser) if (KINDS.every((kind) => refilled(b[kind], RULES[kind], now))) this.byUser.delete(userId);
    this.sweepAt = Math.max(SWEEP_AT, 2 * this.byUser.size);
  }
}

const refilled = (b: Bucket, rule: BucketRule, now: number) => b.tokens + (Math.max(0, now - b.at) / 1000) * rule.perSecond >= rule.capacity;
