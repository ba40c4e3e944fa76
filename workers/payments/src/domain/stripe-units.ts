import { fromProviderValue, toProviderValue, type ProviderUnits } from "./provider-units";

/**
 * Stripe's amounts where they differ from ISO 4217 minor units (docs.stripe.com/currencies): ISK stays a
 * two-decimal currency in Stripe's API (ISO: 0), so 100 is one króna (and whole krónur are all it takes);
 * MGA is zero-decimal at Stripe (ISO: 2); the three-decimal currencies must end in 0; and an amount has at
 * most eight digits. Unconverted, an ISK charge would be a hundredth of its price.
 */
const STRIPE: ProviderUnits = {
  digits: { ISK: 2, MGA: 0 },
  multipleOf: { BHD: 10, JOD: 10, KWD: 10, OMR: 10, TND: 10 },
  // "The amount value supports up to eight digits"; IDR, whose eight digits are about USD 60, is left to Stripe's own answer.
  max: { value: 99_999_999, except: ["IDR"] },
};

/** An amount in ISO minor units as Stripe's `amount`; null when Stripe would refuse it. */
export const toStripeAmount = (amount: number, currency: string) => toProviderValue(STRIPE, amount, currency);

/** A Stripe `amount` (an event's) in ISO minor units; null when it is no whole number of them. */
export const fromStripeAmount = (value: number, currency: string) => fromProviderValue(STRIPE, value, currency);
