import { InvalidInput, ProblemError, notFound } from "../../../../shared/http/problem";
import { withActionWindow } from "../domain/action-window";
import { ATTEMPT_STATUS, outcomeOf } from "../domain/charge-outcome";
import { refusal } from "../domain/intent-status";
import { METHODS, type MethodId, type ProviderName } from "../domain/methods-data";
import { redirectsBuyer, type NextAction } from "../domain/next-action";
import type { Route } from "../domain/routing";
import { healthOrUnseen } from "../health";
import { attemptCount, beginAttempt, completeAttempt, findIntent, moveIntent, type IntentRow } from "../store/intents";
import { iso, type Deps } from "./deps";

/** The stored route's chain, re-ordered by the breakers as they are now: a provider in outage goes last. */
function chainNow(route: Route, breakers: Record<ProviderName, { breaker: string }>, trace: string[]): ProviderName[] {
  const chain = [route.provider, ...route.fallbacks];
  const open = chain.filter((p) => breakers[p]?.breaker === "open");
  if (open.length === 0 || open.length === chain.length) return chain;
  for (const p of open) trace.push(`confirm: ${p} circuit open, moved last`);
  return [...chain.filter((p) => !open.includes(p)), ...open];
}

type Final = Partial<Pick<IntentRow, "status" | "provider" | "providerRef" | "amountCaptured" | "lastError">> & { status: IntentRow["status"]; nextAction?: NextAction };

/** What a confirm may carry besides the intent's own data. */
export interface ConfirmInput {
  /** Where a redirect sends the buyer back to (see `returnUrlError`); required for a method that redirects (`redirectsBuyer`). */
  returnUrl?: string;
}

/** The 400 for a redirect method confirmed without a `returnUrl`: raised before the claim, so nothing was done and no provider called. */
const returnUrlRequired = (method: string) =>
  new InvalidInput(400, "return_url_required", `${METHODS[method as MethodId]?.displayName ?? method} sends the buyer to their bank's, wallet's or lender's page: confirm it with the \`returnUrl\` to send them back to.`, [
    { path: "returnUrl", message: `required for ${method}` },
  ]);

/**
 * Charges an intent down its chain. The intent is first claimed
 * (`requires_confirmation` → `processing` in one conditional UPDATE), so a
 * concurrent confirm cannot start a second chain. Each attempt is recorded
 * before its call and carries its own idempotency key. Outage (the provider
 * turned the call away: 503, 429) and soft decline fall back; hard decline
 * stops; an unknown outcome (no answer, or a 500 that may follow a charge) is
 * asked again with the same key, and if still unknown the chain stops in
 * `processing` (a webhook or reconciliation settles it) rather than risk a
 * second charge elsewhere. A method that redirects the buyer needs a `returnUrl`
 * (a 400 before anything is done); every attempt is sent with it, and the
 * provider's action for the buyer is kept on the intent (`nextAction`).
 */
export async function confirmIntent(deps: Deps, tenantId: string, id: string, input: ConfirmInput = {}): Promise<IntentRow> {
  const current = await findIntent(deps.db, tenantId, id);
  if (!current) throw notFound(`Payment intent ${id}`);
  if (current.status !== "requires_confirmation") throw new ProblemError(409, "intent_not_confirmable", refusal(current.status, "processing"));
  const returnUrl = input.returnUrl ?? null;
  if (!returnUrl && redirectsBuyer(current.method)) throw returnUrlRequired(current.method);
  // Read before the claim, and never failing: a throw after it would leave the intent in `processing` with no call made.
  const health = await healthOrUnseen(deps.health, deps.now());
  // The URL is kept with the claim: reconciliation asks a stuck attempt again with the request it was sent as.
  const claimed = await moveIntent(deps.db, id, ["requires_confirmation"], { status: "processing", ...(returnUrl ? { returnUrl } : {}) }, { tenantId, version: current.version, now: iso(deps.now()) });
  if (!claimed) {
    const now = await findIntent(deps.db, tenantId, id);
    throw new ProblemError(409, "intent_not_confirmable", refusal(now?.status ?? "processing", "processing"));
  }

  const route = JSON.parse(claimed.route) as Route;
  const trace = [...route.trace];
  const chain = chainNow(route, health, trace);
  let n = await attemptCount(deps.db, id);
  let final: Final = { status: "failed", lastError: "every provider in the chain declined or was unavailable" };

  for (const provider of chain) {
    n += 1;
    const key = `${id}:${n}`;
    const begun = await beginAttempt(deps.db, { intentId: id, attemptNo: n, tenantId, provider, idempotencyKey: key, status: "pending", createdAt: iso(deps.now()) }, claimed.version);
    // Settled meanwhile (reconciliation took this intent for dead): no further call, its answer stands.
    if (!begun) return (await findIntent(deps.db, tenantId, id))!;
    const request = { key, reference: id, amount: claimed.amount, currency: claimed.currency, method: claimed.method, capture: claimed.captureMethod, returnUrl };
    const started = deps.now();
    let result = await deps.connectors[provider].charge(request);
    if (result.kind === "unknown") {
      // The provider may have charged: ask it with the same key before anything else.
      trace.push(`attempt ${n} ${provider}: outcome unknown (${result.code}), asking again with key ${key}`);
      const again = await deps.connectors[provider].charge(request);
      // Turned away this time says nothing of the first call: still unknown, never a reason to fall back.
      result = again.kind === "outage" ? { kind: "unknown", code: `${result.code}, then ${again.code}` } : again;
    }
    const latencyMs = deps.now() - started;
    const outcome = outcomeOf(result);
    await completeAttempt(deps.db, id, n, {
      status: ATTEMPT_STATUS[result.kind],
      code: result.code,
      outcome,
      providerRef: "ref" in result ? result.ref : null,
      latencyMs,
    });
    // A charge never sent says nothing of the provider: health is shared by every tenant, so only calls count.
    // Only a provider that did not answer, or failed or shed load, counts against it: another tenant's refused request must not.
    const reachable = outcome !== "unknown" && !(result.kind === "outage" && !result.answered);
    if (result.kind !== "not_sent") await recordHealth(deps, provider, claimed, outcome, reachable, latencyMs);
    trace.push(`attempt ${n} ${provider}: ${outcome} (${result.code})`);

    if (result.kind === "authorized") {
      final = { status: result.captured ? "succeeded" : "requires_capture", provider, providerRef: result.ref, amountCaptured: result.captured ? claimed.amount : 0, lastError: null };
      break;
    }
    if (result.kind === "requires_action") {
      const next = result.next;
      if (next && "unshown" in next) trace.push(`attempt ${n} ${provider}: buyer action not shown (${next.unshown}); nextAction stays null`);
      final = { status: "requires_action", provider, providerRef: result.ref, lastError: null, ...(next && "action" in next ? { nextAction: next.action } : {}) };
      break;
    }
    if (result.kind === "unknown") {
      final = { status: "processing", provider, lastError: `outcome at ${provider} unknown (${result.code}); a webhook will settle it` };
      break;
    }
    if (outcome === "hard") {
      final = { status: "failed", lastError: `${provider} declined: ${result.code}` };
      break;
    }
  }

  const routeNow = JSON.stringify({ ...route, trace });
  // Conditional on the claim's version: a webhook that settled the intent meanwhile wins.
  // Into `requires_action` with its window: past it, reconciliation asks the provider and cancels one left unanswered.
  const moved = await moveIntent(deps.db, id, ["processing"], withActionWindow({ ...final, route: routeNow }, claimed.method, deps.now()), { version: claimed.version, now: iso(deps.now()) });
  return moved ?? (await findIntent(deps.db, tenantId, id))!;
}

/** Feeds the provider's health; a failure to record never fails a payment. */
async function recordHealth(deps: Deps, provider: ProviderName, intent: IntentRow, outcome: string, reachable: boolean, latencyMs: number) {
  try {
    await deps.health.record(provider, {
      method: intent.method,
      country: intent.country,
      authorized: outcome === "success" || outcome === "action",
      reachable,
      latencyMs,
      at: deps.now(),
    });
  } catch (err) {
    console.error("provider health not recorded", err);
  }
}
