import { sha256Hex } from "../../../../shared/crypto";
import { InvalidInput, ProblemError, notFound } from "../../../../shared/http/problem";
import type { ChargeResult } from "../connectors/types";
import { adyenEventId } from "../domain/adyen-event-id";
import { returnCode } from "../domain/buyer-return";
import { refusal, type IntentStatus } from "../domain/intent-status";
import type { ProviderName } from "../domain/methods-data";
import { findIntent, type IntentRow } from "../store/intents";
import type { Deps } from "./deps";
import { applyEvent, type ProviderEvent } from "./webhooks";

/**
 * The provider's key for one return: the intent and the `redirectResult` (hashed: Adyen takes keys of at most 64
 * characters; this is 48). Asked again with the same result, by a retry or a second tab, Adyen replays its answer.
 */
export const detailsKey = async (intentId: string, redirectResult: string) => `${intentId}:d:${(await sha256Hex(redirectResult)).slice(0, 16)}`;

/** A 502 for a return whose result the provider did not give: nothing moved, the same call may be made again. */
const noResult = (provider: string, code: string, turnedAway: boolean) =>
  new ProblemError(
    502,
    "provider_error",
    turnedAway
      ? `${provider} did not take the buyer's return (${code}); nothing was changed: retry with the same redirectResult.`
      : `${provider} gave no clear answer to the buyer's return (${code}); retry with the same redirectResult, which asks it about the same request.`,
  );

/**
 * Hands the provider what the buyer brought back from its page (Adyen's `redirectResult`) and settles the intent by
 * the payment's result, as that result's notification would: through `applyEvent`, under the notification's own
 * event id, so whichever of the two comes second is a duplicate and moves nothing (and the move is at the version
 * read). Authorised → `succeeded` (or `requires_capture`); Refused → `failed`; Pending or Received →
 * `processing`, for the notification to settle. Only an intent awaiting its buyer (`requires_action`) at a
 * provider that takes the return: Stripe completes the buyer's step itself, and its event settles the intent.
 */
export async function completeIntent(deps: Deps, tenantId: string, id: string, redirectResult: string): Promise<IntentRow> {
  const intent = await findIntent(deps.db, tenantId, id);
  if (!intent) throw notFound(`Payment intent ${id}`);
  const connector = intent.provider ? deps.connectors[intent.provider as ProviderName] : undefined;
  if (intent.provider && !connector?.details) {
    throw new ProblemError(422, "completion_not_supported", `${intent.provider} finishes the buyer's step itself and its event settles the intent: there is nothing to complete.`);
  }
  if (intent.status !== "requires_action" || !connector?.details) throw new ProblemError(409, "intent_not_completable", refusal(intent.status, "a completed buyer step"));

  const key = await detailsKey(id, redirectResult);
  const request = { key, redirectResult, capture: intent.captureMethod, returnUrl: intent.returnUrl, reference: intent.id, amount: intent.amount, currency: intent.currency };
  let result = await connector.details(request);
  // No answer: it may have been taken. Asked again with the same key, the provider replays it.
  if (result.kind === "unknown" && !result.pending) {
    const again = await connector.details(request);
    result = again.kind === "outage" ? result : again;
  }
  const event = eventOf(intent, result, key);
  if ("problem" in event) throw event.problem;
  if (event.event) await applyEvent(deps, event.event);
  return (await findIntent(deps.db, tenantId, id))!;
}

/** A 422 for a redirectResult the provider refused, or that is another payment's: nothing moved. */
const refusedResult = (provider: string, code: string) =>
  new InvalidInput(422, "redirect_result_refused", `${provider} refused this redirectResult, or it is not this payment's (${code}): nothing was changed.`, [
    { path: "redirectResult", message: `not a result of this payment at ${provider}` },
  ]);

/** The provider's answer to a return as the event it stands for; null when it moves nothing (another step for the buyer). */
function eventOf(intent: IntentRow, r: ChargeResult, key: string): { event: ProviderEvent | null } | { problem: ProblemError } {
  const provider = intent.provider as ProviderName;
  if (r.kind === "outage" && r.answered) return { problem: refusedResult(provider, r.code) };
  if (r.kind === "outage" || r.kind === "not_sent") return { problem: noResult(provider, r.code, true) };
  if (r.kind === "unknown" && !r.pending) return { problem: noResult(provider, r.code, false) };
  // Another step (a challenge after the redirect): the intent stays as it is, awaiting its buyer.
  if (r.kind === "requires_action") return { event: null };
  const answered = "ref" in r ? (r.ref ?? null) : null;
  // The payment this intent already knows by its pspReference, and no other.
  if (intent.providerRef && answered && answered !== intent.providerRef) {
    return { problem: refusedResult(provider, `another payment's result (${answered})`) };
  }
  const ref = answered ?? intent.providerRef;
  if (!ref) return { problem: noResult(provider, `${r.code} without a pspReference`, false) };
  const base = { provider, ref, reference: intent.id, via: returnCode(r.code) };
  if (r.kind === "unknown") return { event: { ...base, eventId: `details:${key}:${r.code}`, to: "processing" satisfies IntentStatus } };
  const ok = r.kind === "authorized";
  return {
    event: {
      ...base,
      eventId: adyenEventId("AUTHORISATION", ref, String(ok)),
      to: ok ? "authorized" : "failed",
      ...(ok ? {} : { why: `${provider} refused the payment on the buyer's return: ${r.code}` }),
    },
  };
}
