import { DurableObject } from "cloudflare:workers";
import { breakerAt, closedBreaker, record, type BreakerConfig, type BreakerState } from "../domain/breaker";
import { addOutcome, windowStats, type Bucket, type Outcome } from "../domain/window";
import type { BreakerView } from "../domain/routing";

/** One provider's health as every isolate sees it. */
export interface HealthSnapshot {
  provider: string;
  breaker: BreakerView;
  consecutiveFailures: number;
  attempts: number;
  authorized: number;
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  byKey: Record<string, [number, number]>;
  at: number;
}

/**
 * One provider's success-rate window and circuit breaker, shared by every
 * isolate: one object per provider (named by it), state in memory and
 * persisted to its storage on each write, loaded once on start.
 */
export class ProviderHealth extends DurableObject<Env> {
  private buckets: Bucket[] = [];
  private breaker: BreakerState = closedBreaker();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      const saved = await ctx.storage.get<{ buckets: Bucket[]; breaker: BreakerState }>("state");
      if (saved) ({ buckets: this.buckets, breaker: this.breaker } = saved);
    });
  }

  private cfg(): BreakerConfig & { windowMs: number } {
    return {
      threshold: Number(this.env.BREAKER_THRESHOLD) || 5,
      openMs: Number(this.env.BREAKER_OPEN_MS) || 30_000,
      windowMs: Number(this.env.HEALTH_WINDOW_MS) || 300_000,
    };
  }

  /** Adds outcomes (`ok` false for an outage or a timeout) and answers the new snapshot. */
  async record(provider: string, outcomes: (Outcome & { reachable: boolean })[]): Promise<HealthSnapshot> {
    const cfg = this.cfg();
    for (const o of outcomes) {
      this.buckets = addOutcome(this.buckets, o, cfg.windowMs);
      this.breaker = record(this.breaker, o.reachable, o.at, cfg);
    }
    await this.ctx.storage.put("state", { buckets: this.buckets, breaker: this.breaker });
    return this.snapshot(provider);
  }

  snapshot(provider: string): HealthSnapshot {
    const cfg = this.cfg();
    const now = Date.now();
    const s = windowStats(this.buckets, now, cfg.windowMs);
    const b = breakerAt(this.breaker, now, cfg);
    return {
      provider,
      breaker: b.state,
      consecutiveFailures: b.consecutiveFailures,
      attempts: s.attempts,
      authorized: s.authorized,
      successRate: s.attempts ? s.authorized / s.attempts : null,
      p50Ms: s.p50Ms,
      p95Ms: s.p95Ms,
      byKey: s.byKey,
      at: now,
    };
  }

  /** Forgets everything (tests and the simulator's scenario resets). */
  async reset(provider: string): Promise<HealthSnapshot> {
    this.buckets = [];
    this.breaker = closedBreaker();
    await this.ctx.storage.deleteAll();
    return this.snapshot(provider);
  }
}
