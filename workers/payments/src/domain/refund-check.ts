/**
 * A refund as its provider shows it when read by its reference (`readRefund`): what an operator's word that a refund
 * in review was paid out there is checked against. Its amount in ISO minor units of `currency`, null where the
 * provider's is no whole number of them.
 */
export interface RefundShown {
  ref: string;
  /** The provider's reference of the payment it was made on (Stripe's `payment_intent`); null when it names none. */
  paymentRef: string | null;
  amount: number | null;
  currency: string;
  /** As the provider words it: Stripe's `succeeded`, `pending`, `requires_action`, `failed` or `canceled`. */
  status: string;
  /** The key it was made under, as the refund carries it (our `metadata[refund_key]`); null for one made otherwise (by hand). */
  key: string | null;
}

/** The refund in review an operator's reference is meant to be: on the intent's payment, of its amount, under its key. */
export interface RefundFacts {
  refundId: string;
  /** The provider's reference of the intent's payment, which the refund was sent to. */
  paymentRef: string;
  amount: number;
  currency: string;
  /** The key it was sent under (its provider key); null for a refund made before keys were sent. */
  key: string | null;
}

/**
 * Why `shown` is not the refund `refund` stands for, paid out, or null when it is: made on the intent's payment, not
 * under another refund's key (one made by hand carries none), of the refund's amount and currency, and `succeeded`
 * there. One still pending there is left in review (its event settles it); one failed or canceled there did not
 * happen (not done). The reasons name only the refund's own facts, never the one shown: a reference may name another
 * tenant's refund, and what it holds is not this tenant's to read.
 */
export function refundMismatch(shown: RefundShown, refund: RefundFacts): string | null {
  if (shown.paymentRef !== refund.paymentRef) return `it was not made on this refund's payment ${refund.paymentRef}`;
  if (shown.key !== null && refund.key !== null && shown.key !== refund.key) return `it was made for another refund than ${refund.refundId}`;
  if (shown.currency !== refund.currency || shown.amount !== refund.amount) return `its amount or currency is not the refund's ${refund.amount} ${refund.currency} (minor units)`;
  if (shown.status === "succeeded") return null;
  if (shown.status === "failed" || shown.status === "canceled") return `it was not paid out there (${shown.status}): if no other refund of it is there, mark the refund not done`;
  return `it is not paid out there yet (${shown.status}): while it is pending there, leave the refund in review; its event settles it`;
}
