import type { ChargeResult } from "../connectors/types";

/**
 * A payment as its provider shows it when read by its reference (`readPayment`): what an operator's word that a
 * charge in review was authorised there is checked against. Amounts in ISO minor units of `currency`, null where
 * the provider's is no whole number of them.
 */
export interface PaymentShown {
  ref: string;
  /** Its state as the answer to a charge would be: authorised (captured or not), declined, awaiting the buyer, unclear. */
  result: ChargeResult;
  amount: number | null;
  /** What it has captured. */
  captured: number | null;
  currency: string;
  /** The intent id it was made for, as the payment carries it (Stripe's metadata); null when it carries none. */
  intentId: string | null;
}

/** The charge in review an operator's reference is meant to be the payment of. */
export interface ChargeFacts {
  intentId: string;
  amount: number;
  currency: string;
}

/**
 * Why `shown` is not the payment of `charge`, or null when it is: made for this intent (or for none the provider
 * names), authorised there, of the charge's amount and currency. The reasons name only the charge's own facts,
 * never the payment's: a reference may name another tenant's payment, and what it holds is not this tenant's to read.
 */
export function paymentMismatch(shown: PaymentShown, charge: ChargeFacts): string | null {
  if (shown.intentId !== null && shown.intentId !== charge.intentId) return `it was made for another payment intent than ${charge.intentId}`;
  if (shown.result.kind !== "authorized") return `it is not authorised there (${shown.result.code})${shown.result.kind === "unknown" || shown.result.kind === "requires_action" ? ": while it is pending there, leave the charge in review; its event settles it" : ""}`;
  if (shown.currency !== charge.currency || shown.amount !== charge.amount) return `its amount or currency is not the charge's ${charge.amount} ${charge.currency} (minor units)`;
  if (shown.captured === null || shown.captured > charge.amount) return `what it captured is not a whole amount of the charge's ${charge.currency}`;
  return null;
}
