import { BoundedLru } from "../../../shared/memo/lru";

/**
 * A small per-isolate LRU with a TTL per entry. Reading an entry makes it the
 * most recent, so a key in steady use is never the one evicted; when full, the
 * least recently used entry goes.
 */
export class LruTtlCache<V> {
  private readonly entries: BoundedLru<string, V>;

  constructor(maxEntries = 10_000) {
    this.entries = new BoundedLru({ maxEntries });
  }

  get(key: string, now = Date.now()): V | undefined {
    return this.entries.get(key, now);
  }

  set(key: string, value: V, ttlMs: number, now = Date.now()): void {
    this.entries.set(key, value, { now, maxAgeMs: ttlMs });
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
