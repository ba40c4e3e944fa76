import { and, eq, isNull, lt, lte, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { paymentAttempts, paymentIntents, paymentReconcileCursors, paymentRefunds } from "../../../../shared/db/schema/payments";
import type { Db } from "./db";
import type { IntentRow, RefundRow } from "./intents";

// Reconciliation's queues: charges stuck in `processing`, refunds left `pending`, captures and cancels left pending,
// buyer actions past their window.
// Each is read tenants in turn (`domain/tenant-turns.ts`), and an item its provider holds unfinished waits before its
// next look (`domain/pending-wait.ts`). Those moved to review (`stuckToReview`, `refundToReview`,
// `modificationToReview` in intents.ts) are out of them, and out of their partial indexes.

const I = paymentIntents;
const A = paymentAttempts;
const R = paymentRefunds;

const cursors = paymentReconcileCursors;

/** Reconciliation's queues, each with its own rotation of tenants. */
export type QueueName = "charge" | "refund" | "modification" | "action";

/** What one run reads of a queue. */
export interface RecheckQueue {
  /** Sent (or last moved) before this: too recent ones are still being answered. */
  before: string;
  /** Due by this: an item waiting (`Look.dueAt`) is taken from then on. */
  now: string;
  limit: number;
  /** Only this tenant's (a read that reconciles its own, tests). */
  tenantId?: string;
  /** The queue's cursor (`tenantCursor`): each round's tenants are taken from the one after it, wrapping round. */
  after?: string | null;
}

/** Where an item stands in the run that took it: its round (1: its tenant's next) and its pending answers in a row. */
export interface Turn {
  round: number;
  waits: number;
}

/**
 * Where a look leaves an item: looked at `at`, due again at `dueAt` (null: in its next turn), after `waits` pending
 * answers in a row. Written only while the item still has the `readWaits` it was read with, so two runs looking at
 * it at once count one answer once, and a new claim or stay in `processing` (which starts at 0) takes no old wait.
 */
export interface Look {
  at: string;
  dueAt: string | null;
  waits: number;
  readWaits: number;
}

/**
 * A queue's due items ranked within their tenant by `turn` (then id): `round` 1 is the tenant's next. A window over the
 * due range of the queue's index alone: items still waiting are not read, and nothing but the due ones is sorted.
 */
function ranked(database: Db, from: SQLiteTable, id: SQLiteColumn, tenant: SQLiteColumn, turn: SQL, due: SQL | undefined) {
  return database
    .select({
      itemId: sql<string>`${id}`.as("item_id"),
      itemTenant: sql<string>`${tenant}`.as("item_tenant"),
      round: sql<number>`row_number() OVER (PARTITION BY ${tenant} ORDER BY ${turn}, ${id})`.as("round"),
    })
    .from(from)
    .where(due)
    .as("turns");
}

type Ranked = ReturnType<typeof ranked>;

/** Rounds in order; in each, tenants from the one after the cursor, wrapping round (those up to it last). */
const inTurn = (t: Ranked, after: string | null | undefined) => [sql`${t.round}`, sql`${t.itemTenant} <= ${after ?? ""}`, sql`${t.itemTenant}`];

/** The intents a queue's ranking (`ranked` over `payment_intents`) takes this run, in turn, with their waits (`waits`) and round. */
async function intentsInTurn(database: Db, t: Ranked, waits: typeof I.stuckWaits | typeof I.pendingWaits | typeof I.actionWaits, q: RecheckQueue): Promise<(IntentRow & Turn)[]> {
  const rows = await database
    .select({ intent: I, waits, round: t.round })
    .from(I)
    .innerJoin(t, eq(t.itemId, I.id))
    .where(lte(t.round, q.limit))
    .orderBy(...inTurn(t, q.after))
    .limit(q.limit);
  return rows.map((r) => ({ ...r.intent, waits: r.waits, round: r.round }));
}

/**
 * An intent's place among its tenant's stuck ones: when it is due again after a pending answer, else when it last
 * moved or was noted. The very expression of `payment_intents_stuck_turn`.
 */
const stuckTurn = sql`coalesce(${I.stuckCheckAt}, ${I.updatedAt})`;

/**
 * Intents left in `processing` (a confirm whose Worker died mid-walk, or whose outcome stayed unknown or pending) and
 * not in review: unchanged since `before`, with no attempt begun since, and due by `now`; at most `limit`, tenants in
 * turn. Read from the due range of the partial index of those.
 */
export async function stuckIntents(database: Db, q: RecheckQueue): Promise<(IntentRow & Turn)[]> {
  const t = ranked(
    database,
    I,
    I.id,
    I.tenantId,
    stuckTurn,
    and(
      // A literal, not a bound parameter: the planner can then use the partial index on processing intents.
      sql`${I.status} = 'processing'`,
      isNull(I.stuckReviewAt),
      sql`${stuckTurn} <= ${q.now}`,
      lt(I.updatedAt, q.before),
      q.tenantId ? eq(I.tenantId, q.tenantId) : undefined,
      sql`NOT EXISTS (SELECT 1 FROM ${A} WHERE ${A.intentId} = ${I.id} AND ${A.createdAt} >= ${q.before})`,
    ),
  );
  return intentsInTurn(database, t, I.stuckWaits, q);
}

/**
 * Notes why a `processing` intent is still unsettled (its `lastError`), and where the look leaves it: `updated_at`
 * moved to the look, and due again at its wait. Only while it is still in `processing` at the version it was read at
 * (a confirm still walking, or an event, moved it meanwhile: it is theirs) and with its waits as read. Leaves
 * `version` alone: a mere note never cuts a confirm short.
 */
export async function noteStuck(database: Db, intent: Pick<IntentRow, "id" | "version">, lastError: string, look: Look) {
  const still = and(eq(I.id, intent.id), sql`${I.status} = 'processing'`, eq(I.version, intent.version), eq(I.stuckWaits, look.readWaits));
  await database.update(I).set({ lastError, updatedAt: look.at, stuckCheckAt: look.dueAt, stuckWaits: look.waits }).where(still);
}

/**
 * A claim's place among its tenant's pending captures and cancels: when it is due again after a pending answer, else
 * when it was last looked at, else when it was claimed. The very expression of `payment_intents_pending_turn`.
 */
const modificationTurn = sql`coalesce(${I.pendingCheckAt}, ${I.pendingCheckedAt}, ${I.pendingSince})`;

/**
 * Intents whose capture or cancel, claimed before `before`, still awaits an answer, is due by `now` and not in review:
 * at most `limit`, tenants in turn. Read from the due range of the partial index of those.
 */
export async function pendingModifications(database: Db, q: RecheckQueue): Promise<(IntentRow & Turn)[]> {
  const t = ranked(
    database,
    I,
    I.id,
    I.tenantId,
    modificationTurn,
    and(
      sql`${I.pendingAction} IS NOT NULL`,
      isNull(I.pendingReviewAt),
      sql`${modificationTurn} <= ${q.now}`,
      lt(I.pendingSince, q.before),
      q.tenantId ? eq(I.tenantId, q.tenantId) : undefined,
    ),
  );
  return intentsInTurn(database, t, I.pendingWaits, q);
}

/** Notes that reconciliation looked at the intent's pending capture or cancel (`key`) and it stays pending, and where that leaves it. */
export async function markModificationChecked(database: Db, id: string, key: string, look: Look) {
  const still = and(eq(I.id, id), eq(I.pendingKey, key), eq(I.pendingWaits, look.readWaits));
  await database.update(I).set({ pendingCheckedAt: look.at, pendingCheckAt: look.dueAt, pendingWaits: look.waits }).where(still);
}

/**
 * Intents still awaiting their buyer (`requires_action`) whose action's window and grace have passed by `now` (or
 * whose last look's wait has), with no capture or cancel in flight: at most `limit`, tenants in turn. Read from the
 * due range of `payment_intents_action_due`; its literals are the index's predicate.
 */
export async function expiredActions(database: Db, q: RecheckQueue): Promise<(IntentRow & Turn)[]> {
  const t = ranked(
    database,
    I,
    I.id,
    I.tenantId,
    sql`${I.actionDueAt}`,
    and(
      sql`${I.status} = 'requires_action'`,
      sql`${I.actionDueAt} IS NOT NULL`,
      sql`${I.pendingAction} IS NULL`,
      lte(I.actionDueAt, q.now),
      q.tenantId ? eq(I.tenantId, q.tenantId) : undefined,
    ),
  );
  return intentsInTurn(database, t, I.actionWaits, q);
}

/**
 * Notes a look at an expired action that settled nothing (`lastError`: why), and where it leaves the intent: due again
 * at the look's wait, else at the look itself (behind its tenant's others due before); `dueAt` undefined with `out`:
 * out of the queue, left to the provider's event. Only while it still awaits its buyer at the version it was read at.
 */
export async function noteActionLook(database: Db, intent: Pick<IntentRow, "id" | "version">, lastError: string, look: Look | "out") {
  const still = and(eq(I.id, intent.id), sql`${I.status} = 'requires_action'`, eq(I.version, intent.version));
  const set = look === "out" ? { actionDueAt: null } : { actionDueAt: look.dueAt ?? look.at, actionWaits: look.waits };
  await database.update(I).set({ ...set, lastError }).where(look === "out" ? still : and(still, eq(I.actionWaits, look.readWaits)));
}

/** A pending refund with what asking its provider again needs. */
export interface PendingRefund extends RefundRow, Turn {
  provider: string;
  chargeRef: string;
  currency: string;
}

/**
 * A refund's place among its tenant's pending ones: when it is due again after a pending answer, else when it was last
 * looked at, else when it was made. The very expression of `payment_refunds_turn`.
 */
const refundTurn = sql`coalesce(${R.checkAt}, ${R.checkedAt}, ${R.createdAt})`;

/**
 * Refunds still `pending` (their provider's outcome never came, or said pending) made before `before`, with a key to
 * ask about, due by `now` and not in review: at most `limit`, tenants in turn, each with what asking its provider needs.
 * Read from the due range of the index's pending rows.
 */
export async function pendingRefunds(database: Db, q: RecheckQueue): Promise<PendingRefund[]> {
  const t = ranked(
    database,
    R,
    R.id,
    R.tenantId,
    refundTurn,
    and(
      eq(R.status, "pending"),
      sql`${refundTurn} <= ${q.now}`,
      isNull(R.reviewAt),
      sql`${R.providerKey} IS NOT NULL`,
      lt(R.createdAt, q.before),
      q.tenantId ? eq(R.tenantId, q.tenantId) : undefined,
    ),
  );
  const rows = await database
    .select({ refund: R, waits: R.waits, round: t.round, provider: I.provider, chargeRef: I.providerRef, currency: I.currency })
    .from(R)
    .innerJoin(t, eq(t.itemId, R.id))
    .innerJoin(I, eq(I.id, R.intentId))
    .where(lte(t.round, q.limit))
    .orderBy(...inTurn(t, q.after))
    .limit(q.limit);
  return rows.map((r) => ({ ...r.refund, waits: r.waits, round: r.round, provider: r.provider!, chargeRef: r.chargeRef!, currency: r.currency }));
}

/** Notes that reconciliation looked at a refund and it stays pending, and where that leaves it. */
export async function markRefundChecked(database: Db, id: string, look: Look) {
  const still = and(eq(R.id, id), eq(R.status, "pending"), eq(R.waits, look.readWaits));
  await database.update(R).set({ checkedAt: look.at, checkAt: look.dueAt, waits: look.waits }).where(still);
}

/** The queue's cursor: the tenant whose next item the last run looked at last; null before any run. */
export async function tenantCursor(database: Db, queue: QueueName): Promise<string | null> {
  const [row] = await database.select({ tenantId: cursors.tenantId }).from(cursors).where(eq(cursors.queue, queue));
  return row?.tenantId ?? null;
}

/**
 * Moves the queue's cursor from `from` (as the run read it) to `to`: only if it is still `from`, so of two runs at
 * once the later to finish does not move it back over tenants the other looked at.
 */
export async function moveTenantCursor(database: Db, queue: QueueName, from: string | null, to: string) {
  await database
    .insert(cursors)
    .values({ queue, tenantId: to })
    .onConflictDoUpdate({ target: cursors.queue, set: { tenantId: to }, setWhere: from === null ? sql`0` : eq(cursors.tenantId, from) });
}
