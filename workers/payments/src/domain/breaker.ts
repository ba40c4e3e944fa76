/**
 * A circuit breaker per provider: `closed` lets traffic through; after
 * `threshold` consecutive failures or timeouts it is `open` (skipped) for
 * `openMs`; then `half_open` lets one probe through, whose outcome closes or
 * re-opens it. Values in, values out: the ProviderHealth object keeps it.
 */
export interface BreakerState {
  state: "closed" | "open" | "half_open";
  consecutiveFailures: number;
  openedAt: number | null;
  /** When the half-open probe was handed out (one at a time; a lost probe is re-issued after `openMs`). */
  probeAt: number | null;
}

export interface BreakerConfig {
  threshold: number;
  openMs: number;
}

export const closedBreaker = (): BreakerState => ({ state: "closed", consecutiveFailures: 0, openedAt: null, probeAt: null });

/** The state as of `now`: an open breaker past its cool-down reads as half-open. */
export function breakerAt(b: BreakerState, now: number, cfg: BreakerConfig): BreakerState {
  if (b.state === "open" && b.openedAt !== null && now - b.openedAt >= cfg.openMs) return { ...b, state: "half_open", probeAt: null };
  return b;
}

/** Whether a request may go to the provider now, and the state after handing it out. */
export function admit(b: BreakerState, now: number, cfg: BreakerConfig): { allowed: boolean; next: BreakerState } {
  const cur = breakerAt(b, now, cfg);
  if (cur.state === "closed") return { allowed: true, next: cur };
  if (cur.state === "open") return { allowed: false, next: cur };
  if (cur.probeAt !== null && now - cur.probeAt < cfg.openMs) return { allowed: false, next: cur };
  return { allowed: true, next: { ...cur, probeAt: now } };
}

/** The state after an outcome: a success closes; a failure counts, and opens at the threshold or in half-open. */
export function record(b: BreakerState, ok: boolean, now: number, cfg: BreakerConfig): BreakerState {
  const cur = breakerAt(b, now, cfg);
  if (ok) return closedBreaker();
  const failures = cur.consecutiveFailures + 1;
  if (cur.state === "half_open" || failures >= cfg.threshold) return { state: "open", consecutiveFailures: failures, openedAt: now, probeAt: null };
  return { ...cur, consecutiveFailures: failures };
}
