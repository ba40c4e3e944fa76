import { readOf, type ModResult } from "../connectors/types";
import { ATTEMPT_STATUS, outcomeOf } from "../domain/charge-outcome";
import type { ProviderName } from "../domain/methods-data";
import { chargeAttemptName, nextStep, pendingModificationName, pendingStep, readAnswered, readGivenUp, refundName, reviewNote, settledBy } from "../domain/reconcile";
import type { Route } from "../domain/routing";
import {
  completeAttempt,
  lastAttempt,
  markModificationChecked,
  markRefundChecked,
  modificationToReview,
  moveIntent,
  noteStuck,
  pendingModifications,
  pendingRefunds,
  refundToReview,
  releaseModification,
  settleRefund,
  stuckIntents,
  stuckToReview,
  type IntentRow,
  type PendingRefund,
} from "../store/intents";
import { isReversalCancel } from "../store/modification-claims";
import { callBudget, withCalls, type CallBudget } from "./call-budget";
import { iso, type Deps } from "./deps";

export interface ReconcileOptions {
  /** An intent counts as stuck when neither it nor any of its attempts moved for this long. */
  olderThanMs: number;
  /** At most this many intents a run (each may cost a provider call). */
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

const budgetOf = (opts: ReconcileOptions) => opts.budget ?? callBudget(opts.limit * ITEM_CALLS);

/** What reconciling one pending refund, capture or cancel draws on: the run's calls, and its clock of looks. */
interface Recheck {
  budget: CallBudget;
  /**
   * When it was looked at: strictly later than the run's last look. Two looks in one millisecond would tie, and
   * the tie, broken by age, would put the older one first every time: it would come round more often than its turn.
   */
  lookedAt: () => string;
}

function recheckRun(deps: Deps, opts: ReconcileOptions): Recheck {
  let last = -Infinity;
  return { budget: budgetOf(opts), lookedAt: () => iso((last = Math.max(deps.now(), last + 1))) };
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
 */
export async function reconcileStuck(deps: Deps, opts: ReconcileOptions): Promise<Reconciled[]> {
  const budget = budgetOf(opts);
  return oneByOne(await stuckIntents(deps.db, iso(deps.now() - opts.olderThanMs), opts.limit, opts.tenantId), (intent) => reconcileOne(deps, intent, budget));
}

async function reconcileOne(deps: Deps, intent: IntentRow, budget: CallBudget): Promise<Reconciled> {
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
    await noteStuck(deps.db, intent.id, "no attempt to ask about", iso(deps.now()));
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
  const settled = settledBy(result, intent);
  if (!settled) {
    if (step.kind === "read" && readAnswered(result.code) && readGivenUp(Date.parse(last.createdAt), deps.now())) return toReview(true);
    await noteStuck(deps.db, intent.id, `outcome at ${provider} still unknown (${result.code}); asked again next run`, iso(deps.now()));
    return { id: intent.id, outcome: "held", status: "processing" };
  }
  const unshown = result.kind === "requires_action" && result.next && "unshown" in result.next ? `; buyer action not shown (${result.next.unshown}), nextAction stays null` : "";
  const moved = await move({ ...settled, provider }, `attempt ${last.attemptNo} ${provider} ${how}: ${result.kind} (${result.code})${unshown}`);
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
 * batch a run (`pendingRefunds`: at most `limit`, in round-robin order): done → succeeded, refused → failed
 * with the reservation given back, turned away, still unclear or only received (Adyen: its REFUND notification
 * settles it) → noted as looked at, to the back of the queue, and read again in a later run. While the
 * provider keeps the refund's key it is asked again with it, then read; past that (`pendingStep`) only read,
 * never sent again: it could refund afresh. One past it at a provider with no read (Adyen) is moved out of the
 * queue for review, with no call, once: its notification or an operator settles it, and no run reads it again.
 * One whose read is still unclear `READ_REVIEW_MS` past the window (`readGivenUp`: Stripe's list never shows it, or
 * shows it unfinished, or it lies beyond the pages read) is moved to review the same way after that read, its
 * amount still held; never on a read the run's budget cut short (that says nothing of Stripe's list).
 */
export async function reconcileRefunds(deps: Deps, opts: ReconcileOptions): Promise<ReconciledRefund[]> {
  const run = recheckRun(deps, opts);
  const refunds = await pendingRefunds(deps.db, { before: iso(deps.now() - opts.olderThanMs), limit: opts.limit, tenantId: opts.tenantId });
  return oneByOne(refunds, (refund) => reconcileRefund(deps, refund, run));
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
    await markRefundChecked(deps.db, refund.id, run.lookedAt());
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
 * run (`pendingModifications`: at most `limit`, in round-robin order). While the provider keeps the claim's
 * key it is asked again with it, then the charge is read where that says nothing new (Stripe replays a saved
 * 5xx); past that (`pendingStep`) the charge is only read, never asked again: it could capture or cancel
 * afresh. One past it at a provider with no read (Adyen) is moved out of the queue for review, with no call,
 * once: its notification or an operator settles it, and no run reads it again; so is one whose read is still
 * unclear `READ_REVIEW_MS` past the window (`readGivenUp`), after that read, its claim kept. Done → the intent moves
 * (`succeeded` with the amount, or `canceled`); refused → the claim is let go, the intent as it was; turned
 * away, still unclear or only received (Adyen: its notification settles it) → noted as looked at, to the back
 * of the queue, and asked again in a later run.
 */
export async function reconcileModifications(deps: Deps, opts: ReconcileOptions): Promise<ReconciledModification[]> {
  const run = recheckRun(deps, opts);
  const intents = await pendingModifications(deps.db, { before: iso(deps.now() - opts.olderThanMs), limit: opts.limit, tenantId: opts.tenantId });
  return oneByOne(intents, (intent) => reconcileModification(deps, intent, run));
}

async function reconcileModification(deps: Deps, intent: IntentRow, run: Recheck): Promise<ReconciledModification> {
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
    await markModificationChecked(deps.db, intent.id, key, run.lookedAt());
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
