import type { BatchItem } from "drizzle-orm/batch";
import type { FxTable } from "../domain/fx";
import type { Db } from "./db";
import { ratesQuery, ratesTable } from "./fx";
import { readListings, type ListingRecord, type ListingRead } from "./listings";
import { inlined } from "./prepared";
import { referenceFrom, referenceQueries, type ReferenceData } from "./reference";
import { versionOf, versionQuery, type CatalogVersion } from "./versions";

/** What a public read still needs from D1: whatever this isolate does not already hold. */
export interface SnapshotWants {
  version: boolean;
  reference: boolean;
  rates: boolean;
  /** The listings the answer is made of; null when it needs none. */
  rows: ListingRead | null;
}

/** One consistent reading (a D1 batch is a transaction): only the parts asked for are set. */
export interface Snapshot {
  version?: CatalogVersion;
  reference?: ReferenceData;
  rates?: FxTable;
  records: ListingRecord[];
}

/**
 * Everything a public read needs from D1 in ONE round trip: a single
 * statement when only one is needed, else one `batch`, and none at all when
 * the isolate already holds every part. Each store module owns its SQL; this
 * only puts the statements in one batch and decodes the answers.
 */
export async function readSnapshot(database: Db, tenantId: string, wants: SnapshotWants): Promise<Snapshot> {
  // The rows alone (the usual miss) run as their shape's prepared statement.
  if (wants.rows && !wants.version && !wants.reference && !wants.rates) return { records: await readListings(database, wants.rows) };
  const statements: BatchItem<"sqlite">[] = [];
  const slot = (statement: BatchItem<"sqlite">) => statements.push(statement) - 1;
  // The reference data is filed under the platform version it was read at: the version's statement reads that too.
  const version = wants.version || wants.reference ? slot(versionQuery(database, tenantId)) : -1;
  const [marketsQuery, restrictionsQuery] = referenceQueries(database);
  const markets = wants.reference ? slot(marketsQuery) : -1;
  const restrictions = wants.reference ? slot(restrictionsQuery) : -1;
  const rates = wants.rates ? slot(ratesQuery(database, tenantId)) : -1;
  const rows = wants.rows ? slot(inlined(database, wants.rows)) : -1;
  const [first, ...rest] = statements;
  let results: unknown[] = [];
  if (first && rest.length === 0) results = [await (first as unknown as PromiseLike<unknown>)];
  else if (first) results = await database.batch([first, ...rest]);

  const at = <T>(i: number) => results[i] as T;
  const read = version >= 0 ? versionOf(at(version), tenantId) : undefined;
  return {
    ...(wants.version ? { version: read } : {}),
    ...(markets >= 0 ? { reference: referenceFrom(at(markets), at(restrictions), read!.platform) } : {}),
    ...(rates >= 0 ? { rates: ratesTable(at(rates), tenantId) } : {}),
    records: wants.rows && rows >= 0 ? wants.rows.decode(at(rows)) : [],
  };
}
