/** How a memo treats one key's value beyond its age. */
export interface MemoOptions<T> {
  /** A value this refuses is not kept: the next caller loads again. */
  keep?: (value: T) => boolean;
  /**
   * Refresh-ahead: past half its age a value is still served while one load replaces it in the background,
   * kept alive past the response by this (the request's `waitUntil`). Under steady traffic no caller waits.
   */
  refreshAhead?: (work: Promise<unknown>) => void;
}

interface Entry<T> {
  /** When the value's load started. */
  at: number;
  value: Promise<T>;
  /** The key's load under way (its first, or one ahead of its age): never more than one. */
  loading: Promise<T> | null;
}

/**
 * A per-isolate memo of values loaded from elsewhere (the registry object):
 * a value younger than `maxAgeMs` is served as is (past half of it, with
 * `refreshAhead`, while its successor loads), an older one waits for a load,
 * the one under way if there is one: concurrent misses share it. A failed load
 * is not kept (nor a value `keep` refuses), and at most `maxEntries` keys are
 * held (least recently used first out) so an isolate's memory stays bounded.
 */
export class Memo<T> {
  private entries = new Map<string, Entry<T>>();

  constructor(
    private readonly maxEntries: number,
    // Read at each call, not captured: a test's fake clock is seen too.
    private readonly clock: () => number = () => Date.now(),
  ) {}

  get(key: string, maxAgeMs: number, load: () => Promise<T>, { keep = () => true, refreshAhead }: MemoOptions<T> = {}): Promise<T> {
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      const age = now - hit.at;
      if (age < maxAgeMs) {
        if (refreshAhead && age >= maxAgeMs / 2 && !hit.loading) refreshAhead(this.refresh(key, hit, load, keep, now));
        return hit.value;
      }
      // Too old to serve: the load already under way replaces it, if there is one.
      if (hit.loading) return hit.loading;
    }
    const value = load();
    const entry: Entry<T> = { at: now, value, loading: value };
    this.entries.set(key, entry);
    const forget = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    // Registered before the caller's own `then`: by the time it sees a refused value, the value is gone.
    value.then((v) => {
      entry.loading = null;
      if (!keep(v)) forget();
    }, forget);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** Loads `held`'s successor while `held` is served; settles without failing (it runs past the response). */
  private refresh(key: string, held: Entry<T>, load: () => Promise<T>, keep: (value: T) => boolean, now: number): Promise<unknown> {
    const value = load();
    held.loading = value;
    return value.then(
      (v) => {
        // Dropped meanwhile (a write through this isolate, or pushed out): this load may predate the write.
        if (this.entries.get(key) !== held) return;
        if (keep(v)) this.entries.set(key, { at: now, value, loading: null });
        else this.entries.delete(key);
      },
      () => {
        // The held value stands until its age runs out; the next caller past half of it tries again.
        held.loading = null;
      },
    );
  }

  invalidate(key: string): void {
    this.entries.delete(key);
  }
}
