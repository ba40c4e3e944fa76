/**
 * A per-isolate memo of values loaded from elsewhere (the registry object):
 * a value younger than `maxAgeMs` is served as is, concurrent misses share one
 * load, a failed load is not kept, and at most `maxEntries` keys are held
 * (least recently used first out) so an isolate's memory stays bounded.
 */
export class Memo<T> {
  private entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly maxEntries: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string, maxAgeMs: number, load: () => Promise<T>): Promise<T> {
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
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  invalidate(key: string): void {
    this.entries.delete(key);
  }
}
