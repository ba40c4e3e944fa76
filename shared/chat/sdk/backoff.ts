/** Reconnect delays: exponential with full jitter, so a dropped crowd does not return in lockstep. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 15_000 };

/** The delay before reconnect attempt `attempt` (0-based): uniform in [0, min(max, initial·2^attempt)]. */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const cap = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * cap);
}
