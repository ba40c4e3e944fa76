import { toAdyenValue } from "./adyen-units";
import type { ProviderName } from "./methods-data";
import { toStripeAmount } from "./stripe-units";

/** Each provider's value of an amount in ISO minor units (null: it cannot take it), as its connector sends it. */
const VALUE_AT: Readonly<Record<ProviderName, (amount: number, currency: string) => number | null>> = { stripe: toStripeAmount, adyen: toAdyenValue };

/**
 * Whether one of `providers` can take `amount` (ISO minor units) of `currency` in its own units: known without
 * a call, so an amount no retry could send is refused as the client's input, not met as a provider failure.
 */
export const someCanTake = (providers: readonly ProviderName[], amount: number, currency: string) => providers.some((p) => VALUE_AT[p](amount, currency) !== null);
