import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * A payment intent: what a buyer is asked to pay and where it stands. Every
 * status move is a conditional UPDATE on `status` (and `version`), so two
 * isolates never both move one intent.
 */
export const paymentIntents = sqliteTable(
  "payment_intents",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    status: text("status", {
      enum: ["requires_confirmation", "processing", "requires_action", "requires_capture", "succeeded", "failed", "canceled"],
    }).notNull(),
    /** Integer minor units of `currency`. */
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    country: text("country").notNull(),
    method: text("method").notNull(),
    captureMethod: text("capture_method", { enum: ["automatic", "manual"] }).notNull(),
    amountCaptured: integer("amount_captured").notNull().default(0),
    amountRefunded: integer("amount_refunded").notNull().default(0),
    /** The route chosen at creation, as JSON `{ provider, method, fallbacks, trace }`. */
    route: text("route").notNull(),
    /** The provider and its reference of the attempt that succeeded (capture, cancel and refund go there). */
    provider: text("provider"),
    providerRef: text("provider_ref"),
    lastError: text("last_error"),
    /**
     * A capture or cancel sent to the provider whose answer never came (it may have acted): claimed here
     * before the call, so it is the intent's only modification in flight, and settled by a retry, the
     * provider's event or reconciliation. `pendingKey` is the provider idempotency key it went with.
     */
    pendingAction: text("pending_action", { enum: ["capture", "cancel"] }),
    pendingAmount: integer("pending_amount"),
    pendingKey: text("pending_key"),
    pendingSince: text("pending_since"),
    /** When reconciliation last looked at the pending one and it stayed pending (UTC ISO); null: not yet. */
    pendingCheckedAt: text("pending_checked_at"),
    /** When reconciliation moved the pending one out of its queue for review (UTC ISO): nothing more can be learnt of it. */
    pendingReviewAt: text("pending_review_at"),
    /**
     * When reconciliation moved it, stuck in `processing`, out of its queue for review (UTC ISO): its last attempt is
     * past the provider's key window at a provider with no read, so nothing more can be learnt of it. Any status move clears it.
     */
    stuckReviewAt: text("stuck_review_at"),
    /** The URL the charge attempts were sent with (migration 0035): reconciliation asks a stuck attempt again with it. */
    /** Reconciliation (migration 0037): when a charge stuck in `processing` is next due (null: in its turn at once), after `stuckWaits` "still processing" answers in a row. */
    stuckCheckAt: text("stuck_check_at"),
    stuckWaits: integer("stuck_waits").notNull().default(0),
    /** The same for a pending capture or cancel. */
    pendingCheckAt: text("pending_check_at"),
    pendingWaits: integer("pending_waits").notNull().default(0),
    returnUrl: text("return_url"),
    /** The provider's action for the buyer, as JSON in the API's shape, while `requires_action` (a trigger clears it on leaving). */
    nextAction: text("next_action"),
    /**
     * The buyer's window for that action (migration 0038, UTC ISO): the provider's expiry when it gave one, else the
     * method's (`domain/action-window.ts`). Written with every move into `requires_action`.
     */
    actionExpiresAt: text("action_expires_at"),
    /**
     * When reconciliation next looks at the intent while `requires_action` (the window's end and its grace, then its
     * looks' waits), after `actionWaits` "still pending" answers in a row; null: out of that queue (left to the provider's event).
     */
    actionDueAt: text("action_due_at"),
    actionWaits: integer("action_waits").notNull().default(0),
    version: integer("version").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("payment_intents_tenant").on(t.tenantId, t.id),
    // Reconciliation's queues (migration 0037), each by when its item is due: only the due range is read, so items
    // waiting out a provider's "still processing" are not. Only queued rows are indexed (a create, inserted in
    // `requires_confirmation`, writes nothing here); those moved out for review are left out. The expressions must
    // stay the ones store/recheck-queues.ts reads by.
    index("payment_intents_stuck_turn").on(sql`coalesce(stuck_check_at, updated_at)`).where(sql`status = 'processing' AND stuck_review_at IS NULL`),
    // Buyer actions past their window (migration 0038): only `requires_action` intents with no capture or cancel in
    // flight, by when each is due. The predicate must stay the one store/recheck-queues.ts reads by.
    index("payment_intents_action_due").on(t.actionDueAt, t.id).where(sql`status = 'requires_action' AND action_due_at IS NOT NULL AND pending_action IS NULL`),
    index("payment_intents_pending_turn").on(sql`coalesce(pending_check_at, pending_checked_at, pending_since)`, t.id).where(sql`pending_action IS NOT NULL AND pending_review_at IS NULL`),
    // The operator's review list (GET /v1/payments/review, migration 0026): only the items in review, tenant first.
    index("payment_intents_stuck_review").on(t.tenantId, t.stuckReviewAt, t.id).where(sql`status = 'processing' AND stuck_review_at IS NOT NULL`),
    index("payment_intents_pending_review").on(t.tenantId, t.pendingReviewAt, t.id).where(sql`pending_review_at IS NOT NULL`),
  ],
);

/** One try at one provider: recorded before the call, completed with its outcome after. */
export const paymentAttempts = sqliteTable(
  "payment_attempts",
  {
    intentId: text("intent_id").notNull(),
    attemptNo: integer("attempt_no").notNull(),
    tenantId: text("tenant_id").notNull(),
    provider: text("provider").notNull(),
    /** The key sent to the provider (`${intentId}:${attemptNo}`): a retry of this attempt never charges twice. */
    idempotencyKey: text("idempotency_key").notNull(),
    status: text("status", { enum: ["pending", "authorized", "captured", "requires_action", "declined", "error", "unknown"] }).notNull(),
    providerRef: text("provider_ref"),
    /** Provider's own result/decline code, and our reading of it (`soft`, `hard`, `outage`, `timeout`). */
    code: text("code"),
    outcome: text("outcome"),
    latencyMs: integer("latency_ms"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.intentId, t.attemptNo] }), uniqueIndex("payment_attempts_ref").on(t.provider, t.providerRef)],
);

/** A refund against an intent's captured amount. */
export const paymentRefunds = sqliteTable(
  "payment_refunds",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    intentId: text("intent_id").notNull(),
    amount: integer("amount").notNull(),
    status: text("status", { enum: ["pending", "succeeded", "failed"] }).notNull(),
    providerRef: text("provider_ref"),
    /** The idempotency key sent to the provider: reconciliation asks about a `pending` refund with it. */
    providerKey: text("provider_key"),
    reason: text("reason"),
    createdAt: text("created_at").notNull(),
    /** When reconciliation last looked at it while `pending` and it stayed pending (UTC ISO); null: not yet. */
    checkedAt: text("checked_at"),
    /** When reconciliation moved it out of its queue for review (UTC ISO): nothing more can be learnt of it. */
    reviewAt: text("review_at"),
    /** Reconciliation (migration 0037): when it is next due (null: in its turn at once), after `waits` "still pending" answers in a row. */
    checkAt: text("check_at"),
    waits: integer("waits").notNull().default(0),
    /**
     * No longer written or read: an operator's "not done" lives in its review resolution alone (payment_review_resolutions).
     * Kept (migration 0028) for databases that have it; values written before stay as they were.
     */
    notDoneAt: text("not_done_at"),
    /**
     * SHA-256 of the client's `Idempotency-Key` that made it: a retry under that key, at any age (long after the
     * key's replay window), answers this refund instead of making another. Null on refunds made before it was kept.
     */
    requestKey: text("request_key"),
    /** SHA-256 of what that request asked (its amount, or none, and its reason): the same key with another request is a 409. */
    requestFingerprint: text("request_fingerprint"),
  },
  (t) => [
    index("payment_refunds_intent").on(t.intentId),
    // Reconciliation's queue: status first, so the pending rows are one range of it, by when each is due (waiting,
    // last looked at, else made). The expression must stay the one store/recheck-queues.ts reads by.
    index("payment_refunds_turn").on(t.status, sql`coalesce(check_at, checked_at, created_at)`, t.id).where(sql`review_at IS NULL`),
    index("payment_refunds_key").on(t.providerKey),
    // One live refund per request: of two identical requests at once one makes it. A failed refund moved no money
    // and leaves it, so a retry after a refusal makes the refund afresh.
    uniqueIndex("payment_refunds_request").on(t.intentId, t.requestKey).where(sql`request_key IS NOT NULL AND status <> 'failed'`),
    index("payment_refunds_review").on(t.tenantId, t.reviewAt, t.id).where(sql`status = 'pending' AND review_at IS NOT NULL`),
  ],
);

/**
 * An operator's word on an item in review (`POST /v1/payments/review/{id}/resolve`, migration 0029), written in the
 * same transaction as the settlement it made, and only with it: one per item, ever, so of two resolutions at once one
 * settles it, and a retry of one whose answer was lost is answered by what it decided (another outcome is a 409).
 * A charge marked not done is told by it from one that failed otherwise, so the provider's later word that it was
 * charged after all revives the intent.
 */
export const paymentReviewResolutions = sqliteTable(
  "payment_review_resolutions",
  {
    /** The item's own key, unique to it: a refund's id, a capture's or cancel's claim key, a charge attempt's idempotency key. */
    itemKey: text("item_key").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    /** The id it was resolved by: the refund's, or the intent's (a capture, cancel or charge on it). */
    subjectId: text("subject_id").notNull(),
    intentId: text("intent_id").notNull(),
    kind: text("kind", { enum: ["capture", "cancel", "refund", "charge"] }).notNull(),
    outcome: text("outcome", { enum: ["done", "not_done"] }).notNull(),
    /** The provider's reference it was marked done with (a refund's, a charge's); null where none is taken. */
    providerRef: text("provider_ref"),
    resolvedAt: text("resolved_at").notNull(),
  },
  (t) => [index("payment_review_resolutions_subject").on(t.tenantId, t.subjectId, t.resolvedAt)],
);

/** A tenant's routing rules, replaced as a whole by `PUT /routing`. */
/**
 * Every capture or cancel ever claimed on an intent, by its claim key (migration 0033): the intent holds its claim only
 * while it is pending, so this is what still names one settled since. Written in the same transaction as the claim.
 */
export const paymentModificationClaims = sqliteTable("payment_modification_claims", {
  /** The claim's key: its provider idempotency key and the review list's `reference` of it. */
  key: text("key").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  intentId: text("intent_id").notNull(),
  action: text("action", { enum: ["capture", "cancel"] }).notNull(),
  amount: integer("amount"),
  claimedAt: text("claimed_at").notNull(),
});

export const paymentRouting = sqliteTable("payment_routing", {
  tenantId: text("tenant_id").primaryKey(),
  /** JSON array of rules, first match wins. */
  rules: text("rules").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/** Provider webhook events already applied: the primary key makes a replay a no-op. */
export const paymentWebhookEvents = sqliteTable(
  "payment_webhook_events",
  {
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    intentId: text("intent_id"),
    receivedAt: text("received_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);

/** Per reconciliation queue, the tenant whose item the last run looked at last: the next run's round starts after it (migration 0037). */
export const paymentReconcileCursors = sqliteTable("payment_reconcile_cursors", {
  queue: text("queue").primaryKey(),
  tenantId: text("tenant_id").notNull(),
});
