/**
 * A token bucket as a plain value: `take` returns the bucket after spending one
 * token, or how long until one is available. Cheap to keep one per user
 * and kind (`do/budgets.ts`).
 */
export interface Bucket {
  tokens: number;
  at: number;
}

export interface BucketRule {
  /** Burst size. */
  capacity: number;
  /** Tokens added per second. */
  perSecond: number;
}

export const fullBucket = (rule: BucketRule, now: number): Bucket => ({ tokens: rule.capacity, at: now });

export function take(bucket: Bucket, rule: BucketRule, now: number): { ok: true; bucket: Bucket } | { ok: false; bucket: Bucket; retryAfterMs: number } {
  const elapsed = Math.max(0, now - bucket.at) / 1000;
  const tokens = Math.min(rule.capacity, bucket.tokens + elapsed * rule.perSecond);
  if (tokens >= 1) return { ok: true, bucket: { tokens: tokens - 1, at: now } };
  return { ok: false, bucket: { tokens, at: now }, retryAfterMs: Math.ceil(((1 - tokens) / rule.perSecond) * 1000) };
}

/** A user's publish budget in one room or shard, all their sockets together: bursts of 20, 10 a second sustained. */
export const PUBLISH_RULE: BucketRule = { capacity: 20, perSecond: 10 };
/** A user's budget there for everything else (typing, reads, resumes, moderation). */
export const FRAME_RULE: BucketRule = { capacity: 60, perSecond: 30 };
/** What one live room's sequencer accepts from all its viewers together, well under a DO's ~1,000 req/s. */
export const LIVE_ROOM_RULE: BucketRule = { capacity: 400, perSecond: 200 };
