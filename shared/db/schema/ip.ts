import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from "drizzle-orm/sqlite-core";

/** A tenant's own right: a trademark, patent, design or copyright in one jurisdiction. */
export const ipAssets = sqliteTable(
  "ip_assets",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    kind: text("kind", { enum: ["trademark", "invention_patent", "design_patent", "copyright"] }).notNull(),
    jurisdiction: text("jurisdiction").notNull(),
    name: text("name").notNull(),
    /** JSON array of Nice classes (trademarks) and of WIPO designated countries. */
    niceClasses: text("nice_classes", { mode: "json" }).$type<number[]>().notNull(),
    designations: text("designations", { mode: "json" }).$type<string[]>().notNull(),
    registrationNumber: text("registration_number"),
    owner: text("owner").notNull(),
    status: text("status").notNull(),
    filedAt: text("filed_at"),
    registeredAt: text("registered_at"),
    expiresAt: text("expires_at"),
    createdAt: text("created_at").notNull(),
    /**
     * Whether the platform has verified that the tenant holds this right. A claim is free to make (owners and
     * registration numbers are public), so only a verified trademark clears the tenant's listings of the
     * register mark it names.
     */
    ownership: text("ownership", { enum: ["unverified", "verified", "rejected"] }).notNull().default("unverified"),
    ownershipNote: text("ownership_note"),
    ownershipDecidedAt: text("ownership_decided_at"),
  },
  (t) => [index("ip_assets_tenant").on(t.tenantId, t.id)],
);

/** The platform's reference register of third-party marks that clearance checks against. */
export const ipMarks = sqliteTable(
  "ip_marks",
  {
    id: text("id").primaryKey(),
    jurisdiction: text("jurisdiction").notNull(),
    registrationNumber: text("registration_number").notNull(),
    name: text("name").notNull(),
    owner: text("owner").notNull(),
    niceClasses: text("nice_classes", { mode: "json" }).$type<number[]>().notNull(),
    designations: text("designations", { mode: "json" }).$type<string[]>().notNull(),
    status: text("status").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("ip_marks_registration").on(t.jurisdiction, t.registrationNumber)],
);

/**
 * One row (id 1): bumped on every import so each isolate knows when its in-memory register is stale; to the time
 * in ms when that is more than one step, so no number is issued twice, even after a D1 restore (docs/d1-restore.md).
 */
export const ipRegisterVersion = sqliteTable("ip_register_version", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull(),
});

/** Evidence items: each is one leaf of its tenant's Merkle ledger, in `leafIndex` order. Never updated. */
export const ipEvidence = sqliteTable(
  "ip_evidence",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    leafIndex: integer("leaf_index").notNull(),
    sha256: text("sha256").notNull(),
    /** SHA-256(0x00 ‖ leaf) of the canonical leaf record, hex. */
    leafHash: text("leaf_hash").notNull(),
    source: text("source", { enum: ["file", "url"] }).notNull(),
    contentType: text("content_type"),
    size: integer("size"),
    filename: text("filename"),
    url: text("url"),
    title: text("title"),
    capturedAt: text("captured_at"),
    receivedAt: text("received_at").notNull(),
    /**
     * Digest of the request that created the leaf (its Idempotency-Key and content), when it had a key:
     * the ledger writer answers a retry with the first leaf instead of appending a second one. Not part of the leaf.
     */
    requestKey: text("request_key"),
  },
  (t) => [
    uniqueIndex("ip_evidence_leaf").on(t.tenantId, t.leafIndex),
    index("ip_evidence_tenant").on(t.tenantId, t.id),
    uniqueIndex("ip_evidence_request").on(t.tenantId, t.requestKey),
  ],
);

/** Complete subtree hashes of each tenant's ledger (level 0 = leaves), so proofs read O(log n) rows. Never updated. */
export const ipLedgerNodes = sqliteTable(
  "ip_ledger_nodes",
  {
    tenantId: text("tenant_id").notNull(),
    level: integer("level").notNull(),
    idx: integer("idx").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.level, t.idx] })],
);

/** Each tenant's current tree size and root: a cache of what the nodes imply. */
export const ipLedgerHeads = sqliteTable("ip_ledger_heads", {
  tenantId: text("tenant_id").primaryKey(),
  treeSize: integer("tree_size").notNull(),
  rootHash: text("root_hash").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/**
 * Every public key that ever signed a tree head, recorded the first time it signs: `GET /ledger/keys`
 * publishes them all with their validity, so heads signed before a key rotation stay verifiable.
 */
export const ipLedgerKeys = sqliteTable("ip_ledger_keys", {
  kid: text("kid").primaryKey(),
  /** The public JWK (`kty`, `crv`, `x`) as JSON. */
  jwk: text("jwk", { mode: "json" }).$type<{ kty: string; crv: string; x: string }>().notNull(),
  firstSignedAt: text("first_signed_at").notNull(),
});

/** Deadline feed tokens: each has an id, an expiry and can be revoked on its own. */
export const ipFeedTokens = sqliteTable(
  "ip_feed_tokens",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    label: text("label"),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("ip_feed_tokens_tenant").on(t.tenantId, t.id)],
);

/** An enforcement case against an infringer. */
export const ipCases = sqliteTable(
  "ip_cases",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    stage: text("stage").notNull(),
    assetId: text("asset_id").notNull(),
    infringer: text("infringer", { mode: "json" }).$type<Record<string, string>>().notNull(),
    evidenceIds: text("evidence_ids", { mode: "json" }).$type<string[]>().notNull(),
    nextDueAt: text("next_due_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    /** Bumped by every write: the condition a write carries (a timestamp repeats within a millisecond). */
    version: integer("version").notNull().default(0),
  },
  (t) => [index("ip_cases_tenant").on(t.tenantId, t.id)],
);

/** A case's timeline: every stage move, in order. */
export const ipCaseEvents = sqliteTable(
  "ip_case_events",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id").notNull(),
    fromStage: text("from_stage"),
    toStage: text("to_stage").notNull(),
    note: text("note"),
    at: text("at").notNull(),
  },
  (t) => [index("ip_case_events_case").on(t.caseId, t.id)],
);

/** What the tenant reports of the complainant's lawsuit: it keeps a countered complaint's listing down. */
export interface CourtAction {
  filedAt: string;
  court: string;
  reference?: string;
  recordedAt: string;
}

/**
 * A complaint a third party filed against one of the tenant's listings: `open` until the tenant accepts it
 * (`accepted`) or files a counter-notice (`countered`); a countered one goes `in_court` when the complainant
 * sues by `dueAt`, else `restored` (its hold released) by the IP Worker's cron.
 */
export const ipComplaints = sqliteTable(
  "ip_complaints",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    listingId: text("listing_id").notNull(),
    status: text("status", { enum: ["open", "accepted", "countered", "in_court", "restored"] }).notNull(),
    complaint: text("complaint", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    response: text("response", { mode: "json" }).$type<Record<string, unknown>>(),
    courtAction: text("court_action", { mode: "json" }).$type<CourtAction>(),
    dueAt: text("due_at").notNull(),
    receivedAt: text("received_at").notNull(),
  },
  (t) => [
    index("ip_complaints_tenant").on(t.tenantId, t.id),
    // The cron's platform-wide read of countered complaints whose window has closed, oldest due first.
    index("ip_complaints_due").on(t.status, t.dueAt),
  ],
);

/** A complaint's status history. */
export const ipComplaintEvents = sqliteTable(
  "ip_complaint_events",
  {
    id: text("id").primaryKey(),
    complaintId: text("complaint_id").notNull(),
    status: text("status").notNull(),
    note: text("note"),
    at: text("at").notNull(),
  },
  (t) => [index("ip_complaint_events_complaint").on(t.complaintId, t.id)],
);

/**
 * How far the IP cron's sweep for orphaned complaint holds has read the catalog's holds (one row, id 1): the
 * last hold it looked at. A hold needs one look once it is old enough, and resuming here keeps the holds of
 * live complaints (an accepted complaint's stays for good) from filling every page read from the oldest end.
 */
export const ipHoldSweep = sqliteTable("ip_hold_sweep", {
  id: integer("id").primaryKey(),
  createdAt: text("created_at").notNull(),
  listingId: text("listing_id").notNull(),
  source: text("source").notNull(),
  sweptAt: text("swept_at").notNull(),
});
