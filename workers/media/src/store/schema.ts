/** One change to a store's tables: step `i` of a list takes the store from version `i` to `i + 1`. */
export type Migration = (sql: SqlStorage) => void;

/** Where a store's version is kept in the object's own storage. */
export const versionKey = (store: string) => `schema/${store}`;

/**
 * Brings one store's tables up to its latest version, running each step once per object. The version reached
 * is kept in the object's key-value storage (`PRAGMA user_version` is not allowed in a Durable Object), so a
 * wake of an object already there costs one key read and no schema statement. The pending steps and the new
 * version commit together: an object stopped mid-upgrade has either all of them or none, and redoes them.
 * Shipped steps are never edited; a change is a new step at the end. A version past the last step (a newer
 * build's, rolled back) is left as it is.
 */
export function migrate(storage: DurableObjectStorage, store: string, steps: readonly Migration[]): void {
  const key = versionKey(store);
  const at = storage.kv.get<number>(key) ?? 0;
  if (at >= steps.length) return;
  storage.transactionSync(() => {
    for (const step of steps.slice(at)) step(storage.sql);
    storage.kv.put(key, steps.length);
  });
}
