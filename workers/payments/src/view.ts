import { formatMoney } from "../../../shared/money/format";
import type { AttemptRow, IntentRow, RefundRow } from "./store/intents";
import type { NextAction } from "./domain/next-action";
import type { Route } from "./domain/routing";

/**
 * An intent as the API shows it: amounts in minor units plus a formatted amount, the route with its trace, every
 * attempt, and what the buyer must do while it is `requires_action` (`nextAction`, as stored; null when not read).
 */
export function presentIntent(intent: IntentRow & { nextAction?: string | null }, attempts: AttemptRow[] = [], refunds: RefundRow[] = []) {
  return {
    id: intent.id,
    status: intent.status,
    amount: intent.amount,
    currency: intent.currency,
    formattedAmount: formatMoney(intent.amount, intent.currency, "en"),
    country: intent.country,
    method: intent.method,
    captureMethod: intent.captureMethod,
    amountCaptured: intent.amountCaptured,
    amountRefunded: intent.amountRefunded,
    provider: intent.provider,
    route: JSON.parse(intent.route) as Route,
    attempts: attempts.map((a) => ({
      attemptNo: a.attemptNo,
      provider: a.provider,
      idempotencyKey: a.idempotencyKey,
      status: a.status,
      outcome: a.outcome,
      code: a.code,
      providerRef: a.providerRef,
      latencyMs: a.latencyMs,
      createdAt: a.createdAt,
    })),
    // Named one by one: the rest of the row is reconciliation's bookkeeping (when it looked, its waits, the provider
    // key) and the hashes of the request that made it, none of it the refund's to show.
    refunds: refunds.map((r) => ({ id: r.id, intentId: r.intentId, amount: r.amount, currency: intent.currency, status: r.status, providerRef: r.providerRef, reason: r.reason, createdAt: r.createdAt })),
    nextAction: intent.nextAction ? (JSON.parse(intent.nextAction) as NextAction) : null,
    pending: intent.pendingAction ? { action: intent.pendingAction, amount: intent.pendingAmount, since: intent.pendingSince! } : null,
    lastError: intent.lastError,
    createdAt: intent.createdAt,
    updatedAt: intent.updatedAt,
  };
}
