/**
 * Success-rate and latency over a recent window, as time buckets: counts per
 * (method, country) and a small latency histogram per bucket, so memory is
 * bounded by the window, not by traffic.
 */
export const BUCKET_MS = 10_000;
/** Latency histogram upper bounds (ms); the last bucket is everything slower. */
export const LATENCY_BOUNDS = [10, 25, 50, 100, 200, 400, 800, 1600, 3200, 6400, 12800] as const;

export interface Bucket {
  start: number;
  /** `${method}|${country}` → [attempts, authorized]. */
  counts: Record<string, [number, number]>;
  latency: number[];
}

export interface Outcome {
  method: string;
  country: string;
  /** Authorized (or handed to the buyer for an action); every other outcome counts against the rate. */
  authorized: boolean;
  latencyMs: number;
  at: number;
}

/** Adds an outcome, dropping buckets older than the window. */
export function addOutcome(buckets: Bucket[], o: Outcome, windowMs: number): Bucket[] {
  const start = o.at - (o.at % BUCKET_MS);
  const kept = buckets.filter((b) => b.start > o.at - windowMs);
  let b = kept.find((x) => x.start === start);
  if (!b) {
    b = { start, counts: {}, latency: new Array(LATENCY_BOUNDS.length + 1).fill(0) };
    kept.push(b);
  }
  const key = `${o.method}|${o.country}`;
  const c = (b.counts[key] ??= [0, 0]);
  c[0] += 1;
  if (o.authorized) c[1] += 1;
  const slot = LATENCY_BOUNDS.findIndex((bound) => o.latencyMs <= bound);
  b.latency[slot === -1 ? LATENCY_BOUNDS.length : slot]! += 1;
  return kept;
}

export interface WindowStats {
  attempts: number;
  authorized: number;
  /** Per `${method}|${country}`: [attempts, authorized]. */
  byKey: Record<string, [number, number]>;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** Totals over the buckets still inside the window at `now`; percentiles are histogram upper bounds. */
export function windowStats(buckets: Bucket[], now: number, windowMs: number): WindowStats {
  const live = buckets.filter((b) => b.start > now - windowMs);
  const byKey: Record<string, [number, number]> = {};
  const hist = new Array(LATENCY_BOUNDS.length + 1).fill(0) as number[];
  let attempts = 0;
  let authorized = 0;
  for (const b of live) {
    for (const [k, [n, ok]] of Object.entries(b.counts)) {
      const c = (byKey[k] ??= [0, 0]);
      c[0] += n;
      c[1] += ok;
      attempts += n;
      authorized += ok;
    }
    b.latency.forEach((n, i) => (hist[i]! += n));
  }
  return { attempts, authorized, byKey, p50Ms: percentile(hist, 0.5), p95Ms: percentile(hist, 0.95) };
}

function percentile(hist: number[], q: number): number | null {
  const total = hist.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i]!;
    if (seen >= q * total) return LATENCY_BOUNDS[i] ?? LATENCY_BOUNDS[LATENCY_BOUNDS.length - 1]! * 2;
  }
  return null;
}
