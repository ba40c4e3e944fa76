import type { Problem } from "../../api";
import type { ConsoleUi } from "../../i18n/console";
import type { Intent } from "../../views/intent";

/**
 * The API's refusal of a refund or capture in the seller's language and money, for the refusals a seller can
 * act on; any other keeps the API's own detail. `intent` is the payment as it is after the refusal, `amount`
 * (minor units) what the seller asked for.
 */
export function paymentProblem(ui: ConsoleUi, p: Problem, intent: Intent, amount?: number): Problem {
  const money = (n: number) => ui.money(n, intent.currency);
  const left = intent.amountCaptured - intent.amountRefunded;
  const detail =
    p.code === "refund_exceeds_captured" ? ui.f("refundTooMuch", { amount: money(amount ?? left), left: money(left) })
    : p.code === "provider_error" ? ui.f("providerSaidNo", { provider: intent.provider ?? "" })
    : p.code === "modification_pending" ? ui.t.modificationPendingConflict
    : p.code === "intent_state_conflict" ? ui.f("intentMoved", { status: ui.word("status_", intent.status) })
    : undefined;
  return detail ? { ...p, detail } : p;
}
