/** How a `BoundedLru` is bounded. */
export interface BoundedLruOptions<K, V> {
  /** Most entries held; past it the least recently used go. `Infinity` where `maxBytes` alone bounds it. */
  maxEntries: number;
  /** Most bytes held, as `sizeOf` counts them; past it the least recently used go, and a value larger on its own is not kept. */
  maxBytes?: number;
  /** A value's size, taken once when it is set (so it must not change while held). Required with `maxBytes`. */
  sizeOf?: (value: V, key: K) => number;
  /** How long after it was set an entry may be returned; none by default. */
  maxAgeMs?: number;
  /** Read only when an age is to be checked, and at each call, so a test's fake clock is seen. */
  clock?: () => number;
}

interface Slot<V> {
  value: V;
  size: number;
  /** Returned only while `now < expires`; Infinity for no age bound. */
  expires: number;
}

/**
 * A per-isolate map bounded in entries and, optionally, in bytes and in age. A Map iterates in insertion
 * order, so re-inserting a key on each use keeps the least recently used first, and that is what goes
 * when a bound is passed. Expired entries are not swept: `get` drops one it meets, and eviction the rest,
 * so they count against the bounds until then. Pure: no timers, no I/O.
 *
 * What counts as a use is the caller's choice: `set` and `get` are uses, `peek` is not (a cache whose
 * oldest write should go first, whatever is read, reads with `peek` only).
 */
export class BoundedLru<K, V> {
  private readonly slots = new Map<K, Slot<V>>();
  private held = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly sizeOf: (value: V, key: K) => number;
  private readonly maxAgeMs: number;
  private readonly clock: () => number;

  constructor({ maxEntries, maxBytes = Infinity, sizeOf, maxAgeMs = Infinity, clock = () => Date.now() }: BoundedLruOptions<K, V>) {
    if (maxBytes !== Infinity && !sizeOf) throw new TypeError("BoundedLru: maxBytes needs sizeOf");
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.sizeOf = sizeOf ?? (() => 0);
    this.maxAgeMs = maxAgeMs;
    this.clock = clock;
  }

  /** The key's value, now the most recently used; undefined if none, or expired (then dropped). */
  get(key: K, now?: number): V | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    this.slots.delete(key);
    if (this.expired(slot, now)) {
      this.held -= slot.size;
      return undefined;
    }
    this.slots.set(key, slot);
    return slot.value;
  }

  /** The key's value if held and not expired, leaving its recency (and everything else) as it is. */
  peek(key: K, now?: number): V | undefined {
    const slot = this.slots.get(key);
    return slot && !this.expired(slot, now) ? slot.value : undefined;
  }

  /**
   * Holds the value as the most recently used, then drops the least recently used while a bound is passed
   * (this one last: alone larger than `maxBytes`, it is not kept). `maxAgeMs` overrides the cache's for this entry.
   */
  set(key: K, value: V, { now, maxAgeMs = this.maxAgeMs }: { now?: number; maxAgeMs?: number } = {}): void {
    this.delete(key);
    const size = this.sizeOf(value, key);
    const expires = maxAgeMs === Infinity ? Infinity : (now ?? this.clock()) + maxAgeMs;
    this.slots.set(key, { value, size, expires });
    this.held += size;
    for (const [oldest, slot] of this.slots) {
      if (this.slots.size <= this.maxEntries && this.held <= this.maxBytes) break;
      this.slots.delete(oldest);
      this.held -= slot.size;
    }
  }

  /** Forgets the key; whether it was held (expired or not). */
  delete(key: K): boolean {
    const slot = this.slots.get(key);
    if (!slot) return false;
    this.slots.delete(key);
    this.held -= slot.size;
    return true;
  }

  clear(): void {
    this.slots.clear();
    this.held = 0;
  }

  /** Entries held, expired ones not yet dropped included. */
  get size(): number {
    return this.slots.size;
  }

  /** The sum of `sizeOf` over the entries held. */
  get bytes(): number {
    return this.held;
  }

  private expired(slot: Slot<V>, now: number | undefined): boolean {
    return slot.expires !== Infinity && slot.expires <= (now ?? this.clock());
  }
}
