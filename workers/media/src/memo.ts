/**
 * A per-isolate memo of values loaded from elsewhere (the registry object):
 * a value younger than `maxAgeMs` is served as is, concurrent misses share one
 * load, a failed load is not kept (nor a value `keep` refuses), and at most
 * `maxEntries` keys are held (least recently used first out) so an isolate's
 * memory stays bounded.
 */
export class Memo<T> {
  private entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly maxEntries: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string, maxAgeMs: number, load: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
    const now = this.clock();
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && now - hit.at < maxAgeMs) {
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = load();
    const entry = { at: now, value };
    this.entries.set(key, entry);
    const forget = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    // Registered before the caller's own `then`: by the time it sees a refused value, the value is gone.
    value.then((v) => {
      if (!keep(v)) forget();
    }, forget);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  invalidate(key: string): void {
    this.entries.delete(key);
  }
}
