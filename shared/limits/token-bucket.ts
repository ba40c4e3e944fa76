/**
 * A token bucket as a plain value: `take` returns the bucket after spending one
 * token, or how long until one is available. Cheap to keep one per user
 * and kind (chat's budgets) or one per tenant (media's room placements); the owner is its single writer.
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

/**
 * Spends `cost` tokens (one unless said; at most the rule's capacity), or says how long until they are there. With
 * `keep`, only while that many would be left (a reserve others may spend).
 */
export function take(bucket: Bucket, rule: BucketRule, now: number, cost = 1, keep = 0): { ok: true; bucket: Bucket } | { ok: false; bucket: Bucket; retryAfterMs: number } {
  const elapsed = Math.max(0, now - bucket.at) / 1000;
  const tokens = Math.min(rule.capacity, bucket.tokens + elapsed * rule.perSecond);
  if (tokens - cost >= keep) return { ok: true, bucket: { tokens: tokens - cost, at: now } };
  return { ok: false, bucket: { tokens, at: now }, retryAfterMs: Math.ceil(((cost + keep - tokens) / rule.perSecond) * 1000) };
}

/**
 * Spends `cost` tokens whatever is there: the bucket may go into debt, down to `floor`, and refills from there. For
 * charging what already happened (a frame that arrived), where refusing cannot undo the cost.
 */
export function spend(bucket: Bucket, rule: BucketRule, now: number, cost: number, floor = -Infinity): Bucket {
  const elapsed = Math.max(0, now - bucket.at) / 1000;
  const tokens = Math.min(rule.capacity, bucket.tokens + elapsed * rule.perSecond);
  return { tokens: Math.max(floor, tokens - cost), at: now };
}

/** How long until an overdrawn bucket holds `tokens` again. */
export const msUntil = (bucket: Bucket, rule: BucketRule, tokens: number): number => Math.max(0, Math.ceil(((tokens - bucket.tokens) / rule.perSecond) * 1000));
