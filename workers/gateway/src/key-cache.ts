/**
 * A small per-isolate LRU with a TTL per entry. Reading an entry makes it the
 * most recent, so a key in steady use is never the one evicted; when full, the
 * least recently used entry goes.
 */
export class LruTtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  get(key: string, now = Date.now()): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (hit.expires <= now) return undefined;
    this.entries.set(key, hit); // Maps iterate in insertion order: re-inserting marks it most recent
    return hit.value;
  }

  set(key: string, value: V, ttlMs: number, now = Date.now()): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expires: now + ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Key lookups remembered per isolate: known keys in one LRU, unknown keys in
 * a separate, smaller one, so a flood of random well-formed keys can only
 * evict other unknown keys, never a real key in use.
 */
export class KeyCache<V> {
  readonly known: LruTtlCache<V>;
  readonly unknown: LruTtlCache<true>;

  constructor(
    private readonly ttl: { knownMs: number; unknownMs: number },
    sizes = { known: 10_000, unknown: 2_000 },
  ) {
    this.known = new LruTtlCache<V>(sizes.known);
    this.unknown = new LruTtlCache<true>(sizes.unknown);
  }

  /** The record, null when known to be unknown, undefined when not cached. */
  get(hash: string, now = Date.now()): V | null | undefined {
    const hit = this.known.get(hash, now);
    if (hit !== undefined) return hit;
    return this.unknown.get(hash, now) ? null : undefined;
  }

  set(hash: string, value: V | null, now = Date.now()): void {
    if (value === null) this.unknown.set(hash, true, this.ttl.unknownMs, now);
    else this.known.set(hash, value, this.ttl.knownMs, now);
  }

  delete(hash: string): void {
    this.known.delete(hash);
    this.unknown.delete(hash);
  }
}
