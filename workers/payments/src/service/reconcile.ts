import { readOf, type ModResult } from "../connectors/types";
import { withActionWindow } from "../domain/action-window";
import { ATTEMPT_STATUS, outcomeOf } from "../domain/charge-outcome";
import type { ProviderName } from "../domain/methods-data";
import { nextLook, pendingAtProvider } from "../domain/pending-wait";
import { returnedUnfinished } from "../domain/buyer-return";
import { chargeAttemptName, nextStep, pendingModificationName, pendingStep, readAnswered, readGivenUp, refundName, reviewNote, settledBy } from "../domain/reconcile";
import type { Route } from "../domain/routing";
import { cursorAfter } from "../domain/tenant-turns";
import { completeAttempt, lastAttempt, modificationToReview, moveIntent, refundToReview, releaseModification, settleRefund, stuckToReview, type IntentRow } from "../store/intents";
import {
  markModificationChecked,
  markRefundChecked,
  moveTenantCursor,
  noteStuck,
  pendingModifications,
  pendingRefunds,
  stuckIntents,
  tenantCursor,
  type Look,
  type PendingRefund,
  type QueueName,
  type RecheckQueue,
  type Turn,
} from "../store/recheck-queues";
import { isReversalCancel } from "../store/modification-claims";
import { callBudget, withCalls, type CallBudget } from "./call-budget";
import { iso, type Deps } from "./deps";

export interface ReconcileOptions {
  /** An intent counts as stuck when neither it nor any of its attempts moved for this long. */
  olderThanMs: number;
  /** At most this many items a run (each may cost a provider call), tenants in turn (`domain/tenant-turns.ts`). */
  limit: number;
  /**
   * The provider calls this run may make, one budget shared by every reconciler of a cron run: an item that
   * finds too few left is `deferred` to the next run, keeping its place in its queue. Unset: one of its own,
   * enough for its whole batch.
   */
  budget?: CallBudget;
  /** Only this tenant's intents (a read that reconciles its own, tests). */
  tenantId?: string;
}

/**
 * The provider calls taken for one item up front: asked again with its key, then read where that says nothing new.
 * A Stripe refund read that pages on takes each further page from what the run has left, or stops (unknown).
 */
const ITEM_CALLS = 2;

export const budgetOf = (opts: ReconcileOptions) => opts.budget ?? callBudget(opts.limit * ITEM_CALLS);

/** What reconciling one pending refund, capture or cancel draws on: the run's calls, and its clock of looks. */
interface Recheck {
  budget: CallBudget;
  /**
   * When it was looked at (ms): strictly later than the run's last look. Two looks in one millisecond would tie, and
   * the tie, broken by age, would put the older one first every time: it would come round more often than its turn.
   */
  lookedAt: () => number;
}

function recheckRun(deps: Deps, opts: ReconcileOptions): Recheck {
  let last = -Infinity;
  return { budget: budgetOf(opts), lookedAt: () => (last = Math.max(deps.now(), last + 1)) };
}

/**
 * Where a look at `atMs` leaves an item read with `turn`: a provider's "still pending" waits a step longer before the
 * next look (`nextLook`); any other unsettled answer keeps its turn.
 */
export function lookOf(atMs: number, pending: boolean, turn: Turn): Look {
  const next = nextLook(atMs, pending, turn.waits);
  return { at: iso(atMs), dueAt: next.dueAtMs === null ? null : iso(next.dueAtMs), waits: next.waits, readWaits: turn.waits };
}

/**
 * One run's batch of a queue: read tenants in turn from the queue's cursor (`domain/tenant-turns.ts`), settled one by
 * one in that order, then the cursor moved past the tenants whose next item got its look (`cursorAfter`): one
 * deferred for want of calls keeps its tenant's place for the next run. A read of one tenant's own (`tenantId`)
 * is no turn of the rotation: it reads and moves no cursor.
 */
export async function inTurn<T extends Turn & { tenantId: string }, R extends { outcome: string }>(
  deps: Deps,
  queue: QueueName,
  opts: ReconcileOptions,
  read: (q: RecheckQueue) => Promise<T[]>,
  settle: (item: T) => Promise<R>,
): Promise<R[]> {
  const rotating = opts.tenantId === undefined;
  const after = rotating ? await tenantCursor(deps.db, queue) : null;
  const now = deps.now();
  const items = await read({ before: iso(now - opts.olderThanMs), now: iso(now), limit: opts.limit, tenantId: opts.tenantId, after });
  const done = await oneByOne(items, settle);
  if (rotating) {
    const next = cursorAfter(items.map((item, i) => ({ tenantId: item.tenantId, round: item.round, looked: done[i]!.outcome !== "deferred" })), after);
    if (next !== null && next !== after) await moveTenantCursor(deps.db, queue, after, next);
  }
  return done;
}

/** What one run did with one intent. */
export interface Reconciled {
  id: string;
  /**
   * `review`: moved out of the queue, its attempt past the key window at a provider with no read (`nextStep`), or
   * read there and still unclear `READ_REVIEW_MS` past it (`readGivenUp`).
   */
  outcome: "settled" | "failed" | "held" | "review" | "already_settled" | "deferred";
  /** Its status after this run; null when another settled it first (not read again). */
  status: IntentRow["status"] | null;
}

/**
 * Settles intents stuck in `processing` (a confirm whose Worker died mid-walk, or whose provider outcome
 * stayed unknown) by the rule in `domain/reconcile.ts`. Every move is a conditional UPDATE from
 * `processing` with no attempt newer than the one decided on, so two runs at once, a late webhook or a
 * confirm still alive settle an intent once; a run never starts a new attempt, so it never charges twice.
 * One whose attempt is past the key window is only read where the provider has a read (Stripe), and at one with
 * no read (Adyen) moved out of the queue for review, with no call, once: its event or an operator settles it. One
 * read there whose read is still unclear `READ_REVIEW_MS` past the window (`readGivenUp`: Stripe's search never
 * finds it, or shows it still processing) is moved to review the same way, after that read, and never read again.
 * One still unsettled is noted, and asked again in its next turn; one its provider holds unfinished (Stripe
 * `processing`, Adyen `Received`/`Pending`) only after its wait (`domain/pending-wait.ts`).
 */
export async function reconcileStuck(deps: Deps, opts: ReconcileOptions): Promise<Reconciled[]> {
  const budget = budgetOf(opts);
  return inTurn(deps, "charge", opts, (q) => stuckIntents(deps.db, q), (intent) => reconcileOne(deps, intent, budget));
}

async function reconcileOne(deps: Deps, intent: IntentRow & Turn, budget: CallBudget): Promise<Reconciled> {
  const last = await lastAttempt(deps.db, intent.id);
  const lookup = last ? readOf(deps.connectors[last.provider as ProviderName], "charge") : undefined;
  const step = nextStep(last && { status: last.status, createdAtMs: Date.parse(last.createdAt) }, deps.now(), lookup !== undefined);
  const route = JSON.parse(intent.route) as Route;
  const move = async (set: Parameters<typeof moveIntent>[3], note: string) => {
    const trace = [...route.trace, `reconcile: ${note}`];
    return moveIntent(deps.db, intent.id, ["processing"], { ...set, route: JSON.stringify({ ...route, trace }) }, {
      tenantId: intent.tenantId,
      now: iso(deps.now()),
      noAttemptAfter: last?.attemptNo ?? 0,
    });
  };

  if (step.kind === "fail") {
    const moved = await move({ status: "failed", lastError: step.why }, step.why);
    return { id: intent.id, outcome: moved ? "failed" : "already_settled", status: moved?.status ?? null };
  }
  if (!last) {
    await noteStuck(deps.db, intent, "no attempt to ask about", lookOf(deps.now(), false, intent));
    return { id: intent.id, outcome: "held", status: "processing" };
  }
  // Out of the queue for review: no read at its provider (`readable` false), or one that stayed unclear.
  const toReview = async (readable: boolean): Promise<Reconciled> => {
    const moved = await stuckToReview(deps.db, intent.id, reviewNote(chargeAttemptName(last.attemptNo), last.createdAt, last.provider, readable), iso(deps.now()));
    return { id: intent.id, outcome: moved ? "review" : "already_settled", status: moved ? "processing" : null };
  };
  if (step.kind === "review") return toReview(false);

  // The attempt's own request, key and all: the provider answers what it did with it. One that replays a
  // saved 5xx instead (Stripe) is read: what it holds for the attempt's key. Past the key window only read.
  const provider = last.provider as ProviderName;
  const connector = deps.connectors[provider];
  const request = { key: last.idempotencyKey, reference: intent.id, amount: intent.amount, currency: intent.currency, method: intent.method, capture: intent.captureMethod, returnUrl: intent.returnUrl };
  const asked = await withCalls(budget, step.kind === "ask" && lookup ? 2 : 1, async (call) => {
    if (step.kind === "read") return { result: await call(() => lookup!(request)), how: `read by key ${last.idempotencyKey} (past its key window: never sent again)` };
    const answer = await call(() => connector.charge(request));
    if (answer.kind !== "unknown" || !lookup) return { result: answer, how: `asked again with key ${last.idempotencyKey}` };
    return { result: await call(() => lookup(request)), how: `read by key ${last.idempotencyKey} (asking again gave ${answer.code})` };
  });
  // Not noted: it keeps its place at the head of the queue for the next run.
  if (!asked) return { id: intent.id, outcome: "deferred", status: "processing" };
  const { result, how } = asked.done;
  // Its buyer came back and the provider took the return unfinished (`complete`: Adyen's Received): asked again, the
  // charge only replays the action they were sent on, which is no news, never a move back to awaiting them.
  const returned = returnedUnfinished(last) && result.kind === "requires_action";
  const settled = returned ? null : settledBy(result, intent);
  if (!settled) {
    if (step.kind === "read" && readAnswered(result.code) && readGivenUp(Date.parse(last.createdAt), deps.now())) return toReview(true);
    const look = lookOf(deps.now(), returned || pendingAtProvider(result), intent);
    const why = look.dueAt
      ? `still pending at ${provider} (${result.code}); asked again from ${look.dueAt}`
      : `outcome at ${provider} still unknown (${result.code}); asked again next run`;
    await noteStuck(deps.db, intent, why, look);
    return { id: intent.id, outcome: "held", status: "processing" };
  }
  const unshown = result.kind === "requires_action" && result.next && "unshown" in result.next ? `; buyer action not shown (${result.next.unshown}), nextAction stays null` : "";
  const moved = await move(withActionWindow({ ...settled, provider }, intent.method, deps.now()), `attempt ${last.attemptNo} ${provider} ${how}: ${result.kind} (${result.code})${unshown}`);
  if (!moved) return { id: intent.id, outcome: "already_settled", status: null };
  await completeAttempt(deps.db, intent.id, last.attemptNo, { status: ATTEMPT_STATUS[result.kind], code: result.code, outcome: outcomeOf(result), providerRef: "ref" in result ? result.ref : null });
  return { id: intent.id, outcome: moved.status === "failed" ? "failed" : "settled", status: moved.status };
}

/** What one run did with one pending refund. */
export interface ReconciledRefund {
  id: string;
  /**
   * `review`: moved out of the queue, past the key window at a provider with no read (`pendingStep`), or read
   * there and still unclear `READ_REVIEW_MS` past it (`readGivenUp`).
   */
  outcome: "succeeded" | "failed" | "held" | "review" | "already_settled" | "deferred";
}

/**
 * Settles refunds left `pending` (the provider's answer never came, or said pending), of any age, a bounded
 * batch a run (`pendingRefunds`: at most `limit`, tenants in turn): done → succeeded, refused → failed
 * with the reservation given back, turned away or still unclear → noted as looked at, to the back of its tenant's
 * queue, and read again in a later run; only received (Adyen: its REFUND notification settles it) or `pending`
 * (Stripe) → the same after its wait (`domain/pending-wait.ts`). While the
 * provider keeps the refund's key it is asked again with it, then read; past that (`pendingStep`) only read,
 * never sent again: it could refund afresh. One past it at a provider with no read (Adyen) is moved out of the
 * queue for review, with no call, once: its notification or an operator settles it, and no run reads it again.
 * One whose read is still unclear `READ_REVIEW_MS` past the window (`readGivenUp`: Stripe's list never shows it, or
 * shows it unfinished, or it lies beyond the pages read) is moved to review the same way after that read, its
 * amount still held; never on a read the run's budget cut short (that says nothing of Stripe's list).
 */
export async function reconcileRefunds(deps: Deps, opts: ReconcileOptions): Promise<ReconciledRefund[]> {
  const run = recheckRun(deps, opts);
  return inTurn(deps, "refund", opts, (q) => pendingRefunds(deps.db, q), (refund) => reconcileRefund(deps, refund, run));
}

/** One at a time: a run is background work and should not burst the providers. */
async function oneByOne<T, R>(items: T[], settle: (item: T) => Promise<R>): Promise<R[]> {
  const done: R[] = [];
  for (const item of items) done.push(await settle(item));
  return done;
}

/**
 * Whether an answer settles a modification: done, or refused. Turned away says nothing of the call whose answer
 * was lost, and only received (Adyen repeats "received" to every re-ask) waits for the provider's event.
 */
const settles = (r: ModResult) => (r.ok ? r.settled : r.failure === "refused");

/**
 * A modification asked about again with its own key; where that still gives no answer, or only the answer it
 * first gave (Stripe replays a saved 5xx, or a refund `pending` then, to every re-ask), and the provider has a
 * read, what the provider holds now instead.
 */
async function askThenRead(ask: () => Promise<ModResult>, read?: () => Promise<ModResult>): Promise<ModResult> {
  const r = await ask();
  const unsettled = r.ok ? !r.settled : r.failure === "unknown";
  return unsettled && read ? read() : r;
}

/**
 * What the provider says now of a refund, capture or cancel left pending, by `step` (`pendingStep`): asked
 * again with its key then read, or only read (`read` is there: the step says so). `deferred` when the run's
 * budget has too few calls left for it.
 */
async function recheck(budget: CallBudget, step: "ask" | "read", send: () => Promise<ModResult>, read?: () => Promise<ModResult>): Promise<ModResult | "deferred"> {
  const asked = await withCalls(budget, step === "ask" && read ? 2 : 1, (call) =>
    step === "ask" ? askThenRead(() => call(send), read && (() => call(read))) : call(read!),
  );
  return asked ? asked.done : "deferred";
}

async function reconcileRefund(deps: Deps, refund: PendingRefund, run: Recheck): Promise<ReconciledRefund> {
  const connector = deps.connectors[refund.provider as ProviderName];
  const send = () => connector.refund(refund.chargeRef, refund.amount, refund.currency, refund.providerKey!);
  // A read's first request is the call taken for it; each further page (Stripe) is one more from the run's budget.
  let cutShort = false;
  const mayPage = () => {
    if (run.budget.take(1)) return true;
    cutShort = true;
    return false;
  };
  const lookup = readOf(connector, "refund");
  const read = lookup && (() => lookup(refund.chargeRef, refund.providerKey!, mayPage));
  const step = pendingStep(Date.parse(refund.createdAt), deps.now(), read !== undefined);
  const toReview = async (readable: boolean): Promise<ReconciledRefund> => {
    const moved = await refundToReview(deps.db, refund, reviewNote(refundName(refund.id, refund.amount), refund.createdAt, refund.provider, readable), iso(deps.now()));
    return { id: refund.id, outcome: moved ? "review" : "already_settled" };
  };
  if (step === "review") return toReview(false);
  const r = await recheck(run.budget, step, send, read);
  if (r === "deferred") return { id: refund.id, outcome: "deferred" };
  if (!settles(r)) {
    if (step === "read" && !cutShort && (r.ok || readAnswered(r.code)) && readGivenUp(Date.parse(refund.createdAt), deps.now())) return toReview(true);
    await markRefundChecked(deps.db, refund.id, lookOf(run.lookedAt(), pendingAtProvider(r), refund));
    return { id: refund.id, outcome: "held" };
  }
  const settled = await settleRefund(deps.db, refund, r.ok ? { status: "succeeded", providerRef: r.ref } : { status: "failed" }, iso(deps.now()));
  return { id: refund.id, outcome: !settled ? "already_settled" : r.ok ? "succeeded" : "failed" };
}

/** What one run did with one pending capture or cancel. */
export interface ReconciledModification {
  id: string;
  action: "capture" | "cancel";
  /**
   * `review`: moved out of the queue, past the key window at a provider with no read (`pendingStep`), or read
   * there and still unclear `READ_REVIEW_MS` past it (`readGivenUp`).
   */
  outcome: "done" | "released" | "held" | "review" | "already_settled" | "deferred";
}

/**
 * Settles captures and cancels left pending (the provider's answer never came), of any age, a bounded batch a
 * run (`pendingModifications`: at most `limit`, tenants in turn). While the provider keeps the claim's
 * key it is asked again with it, then the charge is read where that says nothing new (Stripe replays a saved
 * 5xx); past that (`pendingStep`) the charge is only read, never asked again: it could capture or cancel
 * afresh. One past it at a provider with no read (Adyen) is moved out of the queue for review, with no call,
 * once: its notification or an operator settles it, and no run reads it again; so is one whose read is still
 * unclear `READ_REVIEW_MS` past the window (`readGivenUp`), after that read, its claim kept. Done → the intent moves
 * (`succeeded` with the amount, or `canceled`); refused → the claim is let go, the intent as it was; turned
 * away or still unclear → noted as looked at, to the back of its tenant's queue, and asked again in a later run;
 * only received (Adyen: its notification settles it) → the same after its wait (`domain/pending-wait.ts`).
 */
export async function reconcileModifications(deps: Deps, opts: ReconcileOptions): Promise<ReconciledModification[]> {
  const run = recheckRun(deps, opts);
  return inTurn(deps, "modification", opts, (q) => pendingModifications(deps.db, q), (intent) => reconcileModification(deps, intent, run));
}

async function reconcileModification(deps: Deps, intent: IntentRow & Turn, run: Recheck): Promise<ReconciledModification> {
  const action = intent.pendingAction!;
  const key = intent.pendingKey!;
  const connector = deps.connectors[intent.provider as ProviderName];
  const ref = intent.providerRef!;
  const send = () => (action === "capture" ? connector.capture(ref, intent.pendingAmount!, intent.currency, key) : connector.cancel(ref, key));
  const lookup = readOf(connector, action);
  const read = lookup && (() => lookup(ref, action));
  const step = pendingStep(Date.parse(intent.pendingSince!), deps.now(), read !== undefined);
  const toReview = async (readable: boolean): Promise<ReconciledModification> => {
    const why = reviewNote(pendingModificationName(action, intent.pendingAmount), intent.pendingSince!, intent.provider!, readable);
    const moved = await modificationToReview(deps.db, intent.id, key, why, iso(deps.now()));
    return { id: intent.id, action, outcome: moved ? "review" : "already_settled" };
  };
  if (step === "review") return toReview(false);
  const r = await recheck(run.budget, step, send, read);
  if (r === "deferred") return { id: intent.id, action, outcome: "deferred" };
  if (!settles(r)) {
    if (step === "read" && (r.ok || readAnswered(r.code)) && readGivenUp(Date.parse(intent.pendingSince!), deps.now())) return toReview(true);
    await markModificationChecked(deps.db, intent.id, key, lookOf(run.lookedAt(), pendingAtProvider(r), intent));
    return { id: intent.id, action, outcome: "held" };
  }
  if (!r.ok) {
    // A late charge's reversing cancel refused says so, and that it is the merchant's to cancel by hand (`releaseModificationQuery`).
    await releaseModification(deps.db, intent.id, key, isReversalCancel(key) ? `${intent.provider} refused the cancel (${r.code})` : undefined);
    return { id: intent.id, action, outcome: "released" };
  }
  const set = action === "capture" ? { status: "succeeded" as const, amountCaptured: intent.pendingAmount! } : { status: "canceled" as const };
  const moved = await moveIntent(deps.db, intent.id, [intent.status], set, { tenantId: intent.tenantId, now: iso(deps.now()), pendingKey: key });
  return { id: intent.id, action, outcome: moved ? "done" : "already_settled" };
}
