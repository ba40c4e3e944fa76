/**
 * Whether a read that missed the isolate's LRU should ask the shared Cache API
 * before computing. A lookup costs a trip to the cache even when it misses,
 * and in a warm isolate most LRU misses are one-off keys (a unique search, a
 * deep cursor) that no other isolate filed: those lookups are pure cost. The
 * gate keeps a moving hit ratio of the lookups it lets through; while it is
 * at least `threshold` every miss asks, below it only one in `sampleEvery`
 * does, so the ratio keeps being measured and climbs back as soon as the
 * cache starts hitting again (a new isolate starts optimistic, asking always).
 */
export class LookupGate {
  private ratio = 1;
  private skipped = 0;

  constructor(
    private readonly threshold = 0.05,
    private readonly sampleEvery = 16,
    /** Weight of each new outcome: about the last 1/alpha lookups count. */
    private readonly alpha = 1 / 32,
  ) {}

  /** Whether this read should look the shared cache up. */
  ask(): boolean {
    if (this.ratio >= this.threshold) return true;
    this.skipped = (this.skipped + 1) % this.sampleEvery;
    return this.skipped === 0;
  }

  /** The outcome of a lookup `ask` allowed. */
  record(hit: boolean) {
    this.ratio += this.alpha * ((hit ? 1 : 0) - this.ratio);
  }

  /** The moving hit ratio (for tests and reasoning). */
  get hitRatio() {
    return this.ratio;
  }
}
