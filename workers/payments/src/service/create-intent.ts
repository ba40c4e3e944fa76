import { newId } from "../../../../shared/ids";
import { ProblemError } from "../../../../shared/http/problem";
import { isKnownCurrency } from "../../../../shared/money/currency";
import type { MethodId } from "../domain/methods-data";
import { rankMethods, unfit } from "../domain/ranking";
import { decideRoute } from "../domain/routing";
import { insertIntentQuery, type IntentRow } from "../store/intents";
import { readRules } from "../store/routing";
import { iso, type Deps } from "./deps";

export interface CreateIntentInput {
  amount: number;
  currency: string;
  country: string;
  method?: string;
  captureMethod: "automatic" | "manual";
}

const unprocessable = (code: string, detail: string, path: string) => new ProblemError(422, code, `${detail}.`, [{ path, message: detail }]);

/** Refuses an amount that is not a positive whole number of minor units (422, naming the field). */
export function checkAmount(amount: number, path = "amount") {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw unprocessable("invalid_amount", "amount must be a positive whole number of minor units", path);
  }
}

/**
 * A new intent in `requires_confirmation`, routed now (rules, then recent
 * authorization rates and breakers) so the answer shows where it will go.
 * Without a method, the buyer's most used local method is taken.
 */
export async function createIntent(deps: Deps, tenantId: string, input: CreateIntentInput) {
  const { intent, insert } = await planIntent(deps, tenantId, input);
  await insert;
  return intent;
}

export type RoutingInputs = [Awaited<ReturnType<typeof readRules>>, Awaited<ReturnType<Deps["health"]["snapshot"]>>];

/**
 * What routing reads (the tenant's rules, provider health): side-effect free, so the route may start it
 * before the idempotency claim and have both in flight at once.
 */
export function routingInputs(deps: Deps, tenantId: string): Promise<RoutingInputs> {
  return Promise.all([readRules(deps.db, tenantId), deps.health.snapshot()]);
}

/**
 * The intent `createIntent` would make, as the row it will be (every column
 * given, so nothing is left to a database default) and its INSERT, not yet
 * run: the route sends it in one batch with the idempotency key's stored answer.
 */
export async function planIntent(deps: Deps, tenantId: string, input: CreateIntentInput, inputs?: Promise<RoutingInputs>) {
  checkAmount(input.amount);
  if (!isKnownCurrency(input.currency)) throw unprocessable("unknown_currency", `${input.currency} is not an ISO 4217 currency`, "currency");
  const purchase = { country: input.country, currency: input.currency, amount: input.amount };
  const method = (input.method ?? rankMethods(purchase)[0]?.method) as MethodId | undefined;
  if (!method) throw unprocessable("no_method_available", `no payment method takes ${input.currency} ${input.amount} in ${input.country}`, "currency");
  const why = unfit(method, purchase);
  if (why) throw unprocessable(why.code, why.message, why.code === "method_not_offered" ? "method" : why.code === "currency_not_accepted" ? "currency" : "amount");

  const [{ rules }, health] = await (inputs ?? routingInputs(deps, tenantId));
  const route = decideRoute({ ...purchase, method, rules, health, random: deps.random });
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
    version: 0,
    createdAt: now,
    updatedAt: now,
  };
  return { intent, insert: insertIntentQuery(deps.db, intent) };
}
