import { BoundedLru } from "./lru";

/** A value and when its load began: its age counts from then. */
export interface Held<T> {
  value: T;
  at: number;
}

/** How `get` treats one key's value. */
export interface GetOptions<T> {
  /** A value this refuses is not kept: the next caller loads again. */
  keep?: (value: T) => boolean;
  /**
   * Refresh-ahead: past half its age a value is still served while one load replaces it in the background,
   * kept alive past the response by this (the request's `waitUntil`). Under steady traffic no caller waits.
   */
  refreshAhead?: (work: Promise<unknown>) => void;
}

interface Entry<T> {
  held: Held<T> | null;
  /** The key's load under way (its first, one ahead of its age, or one a caller past the age waits on): never more than one. */
  loading: Promise<T> | null;
}

const always = () => true;

/**
 * A per-isolate memo of values loaded from elsewhere (a Durable Object, D1):
 * a value younger than `maxAgeMs` is served as is (past half of it, with
 * refresh-ahead, while its successor loads in the background), an older one
 * waits for a load, the one under way if there is one: concurrent misses share
 * it. A failed load is not kept (a failed load ahead leaves the held value
 * standing; the next caller past half its age tries again), and at most
 * `maxEntries` keys are held (least recently used first out) so an isolate's
 * memory stays bounded. `replaces` says whether a value may replace the one
 * held (a version that only grows refuses an older one). Pure: no I/O of its own.
 */
export class RefreshAheadMemo<T> {
  private readonly entries: BoundedLru<string, Entry<T>>;

  constructor(
    maxEntries: number,
    // Read at each call, not captured: a test's fake clock is seen too.
    private readonly clock: () => number = () => Date.now(),
    private readonly replaces: (next: Held<T>, held: Held<T>) => boolean = always,
  ) {
    // Ages are this memo's own (a held value outlives its age while a load replaces it): the LRU holds no age.
    this.entries = new BoundedLru({ maxEntries });
  }

  /** The key's value, loading it when none younger than `maxAgeMs` is held. */
  get(key: string, maxAgeMs: number, load: () => Promise<T>, { keep = always, refreshAhead }: GetOptions<T> = {}): Promise<T> {
    const now = this.clock();
    const entry = this.entries.get(key);
    if (entry?.held && now - entry.held.at < maxAgeMs) {
      if (refreshAhead) this.refresh(key, maxAgeMs, load, refreshAhead, now, keep);
      return Promise.resolve(entry.held.value);
    }
    // Too old to serve (or none): the load already under way replaces it, if there is one.
    if (entry?.loading) return entry.loading;
    return this.start(key, entry ?? this.add(key, { held: null, loading: null }), load, keep, now);
  }

  /** The value held if younger than `maxAgeMs`, without loading; undefined means load it. */
  held(key: string, maxAgeMs: number, now = this.clock()): T | undefined {
    const held = this.entries.get(key)?.held;
    return held && now - held.at < maxAgeMs ? held.value : undefined;
  }

  /** Holds a value loaded elsewhere (its load began at `at`), unless `replaces` keeps the one held. */
  remember(key: string, value: T, at = this.clock()): void {
    const entry = this.entries.get(key);
    if (entry) this.hold(entry, { value, at });
    else this.add(key, { held: { value, at }, loading: null });
  }

  /**
   * Past half `maxAgeMs` of the held value, with no load under way: one load in the background, kept alive
   * by `waitUntil`. The work it hands over settles without failing (it runs past the response).
   */
  refresh(key: string, maxAgeMs: number, load: () => Promise<T>, waitUntil: (work: Promise<unknown>) => void, now = this.clock(), keep: (value: T) => boolean = always): void {
    const entry = this.entries.peek(key);
    if (!entry?.held || now - entry.held.at < maxAgeMs / 2 || entry.loading) return;
    waitUntil(this.start(key, entry, load, keep, now).catch(() => undefined));
  }

  /** Forgets the key: its next caller loads afresh, and a load under way for it is not kept. */
  invalidate(key: string): void {
    this.entries.delete(key);
  }

  /** Runs the key's one load; what it brings is kept only while `entry` is still the key's (not invalidated or pushed out). */
  private start(key: string, entry: Entry<T>, load: () => Promise<T>, keep: (value: T) => boolean, now: number): Promise<T> {
    const current = () => this.entries.peek(key) === entry;
    const loading = load().then(
      (value) => {
        if (!current()) return value;
        entry.loading = null;
        if (keep(value)) this.hold(entry, { value, at: now });
        else this.entries.delete(key);
        return value;
      },
      (err: unknown) => {
        // A held value stands until its age runs out; with none, the key is forgotten.
        if (current()) {
          entry.loading = null;
          if (!entry.held) this.entries.delete(key);
        }
        throw err;
      },
    );
    entry.loading = loading;
    return loading;
  }

  private hold(entry: Entry<T>, next: Held<T>): void {
    if (!entry.held || this.replaces(next, entry.held)) entry.held = next;
  }

  private add(key: string, entry: Entry<T>): Entry<T> {
    this.entries.set(key, entry);
    return entry;
  }
}
