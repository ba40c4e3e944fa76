import type { ModResult } from "../connectors/types";
import { ATTEMPT_STATUS, outcomeOf } from "../domain/charge-outcome";
import { PROVIDERS, type ProviderName } from "../domain/methods-data";
import { KEY_RETENTION_MS, nextStep, refundStep, settledBy } from "../domain/reconcile";
import type { Route } from "../domain/routing";
import { completeAttempt, lastAttempt, moveIntent, noteStuck, pendingModifications, pendingRefunds, releaseModification, settleRefund, stuckIntents, type IntentRow, type PendingRefund } from "../store/intents";
import { iso, type Deps } from "./deps";

export interface ReconcileOptions {
  /** An intent counts as stuck when neither it nor any of its attempts moved for this long. */
  olderThanMs: number;
  /** At most this many intents a run (each may cost a provider call). */
  limit: number;
  /** Only this tenant's intents (a read that reconciles its own, tests). */
  tenantId?: string;
}

/** What one run did with one intent. */
export interface Reconciled {
  id: string;
  outcome: "settled" | "failed" | "held" | "already_settled";
  /** Its status after this run; null when another settled it first (not read again). */
  status: IntentRow["status"] | null;
}

/**
 * Settles intents stuck in `processing` (a confirm whose Worker died mid-walk, or whose provider outcome
 * stayed unknown) by the rule in `domain/reconcile.ts`. Every move is a conditional UPDATE from
 * `processing` with no attempt newer than the one decided on, so two runs at once, a late webhook or a
 * confirm still alive settle an intent once; a run never starts a new attempt, so it never charges twice.
 */
export async function reconcileStuck(deps: Deps, opts: ReconcileOptions): Promise<Reconciled[]> {
  return oneByOne(await stuckIntents(deps.db, iso(deps.now() - opts.olderThanMs), opts.limit, opts.tenantId), (intent) => reconcileOne(deps, intent));
}

async function reconcileOne(deps: Deps, intent: IntentRow): Promise<Reconciled> {
  const last = await lastAttempt(deps.db, intent.id);
  const step = nextStep(last && { status: last.status, createdAtMs: Date.parse(last.createdAt) }, deps.now());
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
  if (step.kind === "hold" || !last) {
    await noteStuck(deps.db, intent.id, step.kind === "hold" ? step.why : "no attempt to ask about", iso(deps.now()));
    return { id: intent.id, outcome: "held", status: "processing" };
  }

  // The attempt's own request, key and all: the provider answers what it did with it. One that replays a
  // saved 5xx instead (Stripe) is read: what it holds for the attempt's key.
  const provider = last.provider as ProviderName;
  const connector = deps.connectors[provider];
  const request = { key: last.idempotencyKey, reference: intent.id, amount: intent.amount, currency: intent.currency, method: intent.method, capture: intent.captureMethod };
  let result = await connector.charge(request);
  let how = `asked again with key ${last.idempotencyKey}`;
  if (result.kind === "unknown" && connector.lookup) {
    how = `read by key ${last.idempotencyKey} (asking again gave ${result.code})`;
    result = await connector.lookup(request);
  }
  const settled = settledBy(result, intent);
  if (!settled) {
    await noteStuck(deps.db, intent.id, `outcome at ${provider} still unknown (${result.code}); asked again next run`, iso(deps.now()));
    return { id: intent.id, outcome: "held", status: "processing" };
  }
  const moved = await move({ ...settled, provider }, `attempt ${last.attemptNo} ${provider} ${how}: ${result.kind} (${result.code})`);
  if (!moved) return { id: intent.id, outcome: "already_settled", status: null };
  await completeAttempt(deps.db, intent.id, last.attemptNo, { status: ATTEMPT_STATUS[result.kind], code: result.code, outcome: outcomeOf(result), providerRef: "ref" in result ? result.ref : null });
  return { id: intent.id, outcome: moved.status === "failed" ? "failed" : "settled", status: moved.status };
}

/** What one run did with one pending refund. */
export interface ReconciledRefund {
  id: string;
  outcome: "succeeded" | "failed" | "held" | "already_settled";
}

/**
 * Settles refunds left `pending` (the provider's answer never came, or said pending), of any age, a bounded
 * batch a run (`pendingRefunds`: at most `limit`, each one or two provider calls): done → succeeded, refused
 * → failed with the reservation given back, turned away, still unclear or only received (Adyen: its REFUND
 * notification settles it) → read again in a later run. While the provider keeps the refund's key it is asked
 * again with it, then read; past that (`refundStep`) only read, never sent again: it could refund afresh. A
 * provider with no read (Adyen) leaves older ones to its notification, and they take no place in the batch.
 */
export async function reconcileRefunds(deps: Deps, opts: ReconcileOptions): Promise<ReconciledRefund[]> {
  const { since, before } = askable(deps, opts);
  const readable = PROVIDERS.filter((p) => deps.connectors[p].lookupRefund);
  const refunds = await pendingRefunds(deps.db, { before, keptSince: since, readable, limit: opts.limit, start: deps.random(), tenantId: opts.tenantId });
  return oneByOne(refunds, (refund) => reconcileRefund(deps, refund));
}

/** Sent at least `olderThanMs` ago and recently enough that the provider still keeps the key. */
const askable = (deps: Deps, opts: ReconcileOptions) => {
  const now = deps.now();
  return { since: iso(now - KEY_RETENTION_MS), before: iso(now - opts.olderThanMs) };
};

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

async function reconcileRefund(deps: Deps, refund: PendingRefund): Promise<ReconciledRefund> {
  const connector = deps.connectors[refund.provider as ProviderName];
  const read = connector.lookupRefund && (() => connector.lookupRefund!(refund.chargeRef, refund.providerKey!));
  const ask = () => askThenRead(() => connector.refund(refund.chargeRef, refund.amount, refund.currency, refund.providerKey!), read);
  const r = refundStep(Date.parse(refund.createdAt), deps.now()) === "ask" ? await ask() : await read?.();
  if (!r || !settles(r)) return { id: refund.id, outcome: "held" };
  const settled = await settleRefund(deps.db, refund, r.ok ? { status: "succeeded", providerRef: r.ref } : { status: "failed" }, iso(deps.now()));
  return { id: refund.id, outcome: !settled ? "already_settled" : r.ok ? "succeeded" : "failed" };
}

/** What one run did with one pending capture or cancel. */
export interface ReconciledModification {
  id: string;
  action: "capture" | "cancel";
  outcome: "done" | "released" | "held" | "already_settled";
}

/**
 * Settles captures and cancels left pending (the provider's answer never came): asks again with the claim's
 * own key, or reads the charge where asking again only replays a saved 5xx. Done → the intent moves
 * (`succeeded` with the amount, or `canceled`); refused → the claim is let go, the intent as it was; turned
 * away, still unclear or only received (Adyen: its notification settles it) → asked next run. Only within the
 * provider's key retention: past it, asking again could capture or cancel afresh.
 */
export async function reconcileModifications(deps: Deps, opts: ReconcileOptions): Promise<ReconciledModification[]> {
  return oneByOne(await pendingModifications(deps.db, askable(deps, opts), opts.limit, opts.tenantId), (intent) => reconcileModification(deps, intent));
}

async function reconcileModification(deps: Deps, intent: IntentRow): Promise<ReconciledModification> {
  const action = intent.pendingAction!;
  const key = intent.pendingKey!;
  const connector = deps.connectors[intent.provider as ProviderName];
  const ref = intent.providerRef!;
  const r = await askThenRead(
    () => (action === "capture" ? connector.capture(ref, intent.pendingAmount!, intent.currency, key) : connector.cancel(ref, key)),
    connector.lookupModification && (() => connector.lookupModification!(ref, action)),
  );
  if (!settles(r)) return { id: intent.id, action, outcome: "held" };
  if (!r.ok) {
    await releaseModification(deps.db, intent.id, key);
    return { id: intent.id, action, outcome: "released" };
  }
  const set = action === "capture" ? { status: "succeeded" as const, amountCaptured: intent.pendingAmount! } : { status: "canceled" as const };
  const moved = await moveIntent(deps.db, intent.id, [intent.status], set, { tenantId: intent.tenantId, now: iso(deps.now()), pendingKey: key });
  return { id: intent.id, action, outcome: moved ? "done" : "already_settled" };
}
