import { newId } from "../../../../shared/ids";
import { InvalidInput } from "../../../../shared/http/problem";
import { isKnownCurrency } from "../../../../shared/money/currency";
import { METHODS, type MethodId, type ProviderName } from "../domain/methods-data";
import { someCanTake } from "../domain/provider-amounts";
import { rankMethods, unfit } from "../domain/ranking";
import { decideRoute } from "../domain/routing";
import { healthOrUnseen } from "../health";
import type { HealthSnapshot } from "../do/provider-health";
import { insertIntentQuery, type IntentRow } from "../store/intents";
import { readRules, rulesStillAre, type RulesReading } from "../store/routing";
import { iso, type Deps } from "./deps";

export interface CreateIntentInput {
  amount: number;
  currency: string;
  country: string;
  method?: string;
  captureMethod: "automatic" | "manual";
}

/** A field the request got wrong, refused before anything is written: an idempotency key it came with is given back. */
const unprocessable = (code: string, detail: string, path: string) => new InvalidInput(422, code, `${detail}.`, [{ path, message: detail }]);

/** Refuses an amount that is not a positive whole number of minor units (422, naming the field). */
export function checkAmount(amount: number, path = "amount") {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw unprocessable("invalid_amount", "amount must be a positive whole number of minor units", path);
  }
}

/**
 * Refuses an amount none of `providers` can take in its own units (Stripe's KWD must end in 0, Adyen has no
 * fraction of a rupiah): a 422 naming the field, before anything is written or sent, as no retry could succeed.
 */
export function checkTakenBy(providers: readonly ProviderName[], amount: number, currency: string, path = "amount") {
  if (!someCanTake(providers, amount, currency)) {
    throw unprocessable("amount_not_representable", `${providers.join(" or ")} cannot take ${amount} minor units of ${currency}`, path);
  }
}

/**
 * The method that will carry the purchase, or a 422 naming the field at fault: pure, so it runs before any
 * I/O. Without a method, the buyer's most used local method that fits (and that a provider can charge) is taken.
 */
export function chooseMethod(input: CreateIntentInput): MethodId {
  checkAmount(input.amount);
  if (!isKnownCurrency(input.currency)) throw unprocessable("unknown_currency", `${input.currency} is not an ISO 4217 currency`, "currency");
  const purchase = { country: input.country, currency: input.currency, amount: input.amount };
  const method = (input.method ?? rankMethods(purchase).find((m) => someCanTake(METHODS[m.method].providers, input.amount, input.currency))?.method) as MethodId | undefined;
  if (!method) throw unprocessable("no_method_available", `no payment method takes ${input.currency} ${input.amount} in ${input.country}`, "currency");
  const why = unfit(method, purchase);
  if (why) throw unprocessable(why.code, why.message, why.code === "method_not_offered" ? "method" : why.code === "currency_not_accepted" ? "currency" : "amount");
  checkTakenBy(METHODS[method].providers, input.amount, input.currency);
  return method;
}

export interface RoutingInputs {
  rules: RulesReading;
  health: Record<ProviderName, HealthSnapshot>;
  /** The rules are remembered, not just read: the INSERT then holds only while they are still stored as read. */
  remembered: boolean;
}

/**
 * A new intent in `requires_confirmation`, routed now (rules, then recent
 * authorization rates and breakers) so the answer shows where it will go.
 */
export async function createIntent(deps: Deps, tenantId: string, input: CreateIntentInput) {
  const method = chooseMethod(input);
  const [rules, health] = await Promise.all([readRules(deps.db, tenantId), healthOrUnseen(deps.health, deps.now())]);
  const { intent, insert } = planIntent(deps, tenantId, input, method, { rules, health, remembered: false });
  await insert;
  return intent;
}

/**
 * The intent `createIntent` would make, as the row it will be (every column
 * given, so nothing is left to a database default) and its INSERT, not yet
 * run: the route sends it in one batch with the idempotency key's stored answer.
 */
export function planIntent(deps: Deps, tenantId: string, input: CreateIntentInput, method: MethodId, inputs: RoutingInputs) {
  const route = decideRoute({ country: input.country, currency: input.currency, amount: input.amount, method, rules: inputs.rules.rules, health: inputs.health, random: deps.random });
  // The tenant's rules may narrow the chain to providers that cannot take the amount: then no confirm could charge it.
  checkTakenBy([route.provider, ...route.fallbacks], input.amount, input.currency);
  const now = iso(deps.now());
  const intent: IntentRow = {
    id: newId("pi", deps.now()),
    tenantId,
    status: "requires_confirmation",
    amount: input.amount,
    currency: input.currency,
    country: input.country,
    method,
    captureMethod: input.captureMethod,
    amountCaptured: 0,
    amountRefunded: 0,
    route: JSON.stringify(route),
    provider: null,
    providerRef: null,
    lastError: null,
    pendingAction: null,
    pendingAmount: null,
    pendingKey: null,
    pendingSince: null,
    pendingCheckedAt: null,
    pendingReviewAt: null,
    stuckReviewAt: null,
    stuckCheckAt: null,
    stuckWaits: 0,
    actionExpiresAt: null,
    actionDueAt: null,
    actionWaits: 0,
    pendingCheckAt: null,
    pendingWaits: 0,
    returnUrl: null,
    nextAction: null,
    version: 0,
    createdAt: now,
    updatedAt: now,
  };
  const guard = inputs.remembered ? rulesStillAre(tenantId, inputs.rules.text) : undefined;
  return { intent, insert: insertIntentQuery(deps.db, intent, guard) };
}
