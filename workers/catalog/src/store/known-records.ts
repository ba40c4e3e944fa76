import { BoundedLru } from "../../../../shared/memo/lru";
import type { ListingRecord } from "./listings";

/**
 * The decoded listings one read scope (a tenant, and what its public reads select: the buyer's text,
 * one country's price, the owner's holds) already holds in this isolate, each at the version it was
 * read at. `token` names them for the query as a JSON array of `id:version`: SQLite answers a row it
 * names with its id and version alone, so a page that misses every response cache but shows listings
 * read before neither builds nor moves nor parses their documents again. The query reads the array
 * once into an index (`json_each`), so a row's lookup stays cheap however many the scope holds (an
 * `instr()` over the joined list cost a page of 21 up to 0.13 ms of SQLite with 200 held). A listing's
 * version moves with every write to it, so a row written since no longer matches and comes back whole;
 * no version is issued twice, not even after a D1 restore (migration 0032), so none names another content.
 */
export interface KnownRecords {
  readonly token: string;
  readonly records: ReadonlyMap<string, ListingRecord>;
}

/** Bounds: ten pages of 20 per scope and 32 scopes, so at most 6,400 records (a buyer's record is about 1 KB). */
const PER_SCOPE = 200;
const SCOPES = 32;

const EMPTY: KnownRecords = { token: "[]", records: new Map() };
const scopes = new BoundedLru<string, KnownRecords>({ maxEntries: SCOPES });

/** What `scope` holds now. A request keeps the object it got: later learning replaces it, never changes it. */
export function knownRecords(scope: string): KnownRecords {
  return scopes.get(scope) ?? EMPTY;
}

/** Adds records read whole to `scope`, newest last, dropping its oldest past the bound. */
export function learnRecords(scope: string, fresh: readonly ListingRecord[]) {
  if (fresh.length === 0) return;
  // A copy, trimmed by learning order (not by use): a request may still be reading the one it replaces.
  const records = new Map(knownRecords(scope).records);
  for (const r of fresh) {
    records.delete(r.id);
    records.set(r.id, r);
  }
  for (const id of records.keys()) {
    if (records.size <= PER_SCOPE) break;
    records.delete(id);
  }
  const token = JSON.stringify([...records.values()].map((r) => `${r.id}:${r.version}`));
  scopes.set(scope, { token, records });
}
