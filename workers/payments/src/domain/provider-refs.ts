import type { ProviderName } from "./methods-data";

/** What an operator's `providerRef` names: the payment a charge made, or a refund of it. */
export type RefKind = "payment" | "refund";

/**
 * What each provider's references look like, as its API answers them (`connectors/`) and its dashboard shows them:
 * what an operator may give as the `providerRef` of an item resolved at review, where it is stored as the provider's
 * own word and later captures, cancels and refunds are sent to it. Stripe: an object's id, its type's prefix then
 * letters and digits, of no fixed length (so a generous bound): a PaymentIntent `pi_…` (what the connector charges,
 * and what captures, cancels and refunds act on) and a Refund `re_…` (`pyr_…` for some bank methods). Adyen: the
 * pspReference, 16 capital letters and digits, a payment's and each modification's alike.
 */
export const PROVIDER_REFS: Readonly<Record<ProviderName, Readonly<Record<RefKind, RegExp>>>> = {
  stripe: { payment: /^pi_[A-Za-z0-9]{10,100}$/, refund: /^(?:re|pyr)_[A-Za-z0-9]{10,100}$/ },
  adyen: { payment: /^[A-Z0-9]{16}$/, refund: /^[A-Z0-9]{16}$/ },
};

/** Any provider's reference of any kind: the route's pattern, checked before the item (and so its provider) is known. */
export const PROVIDER_REF_PATTERN = new RegExp([...new Set(Object.values(PROVIDER_REFS).flatMap((r) => [r.payment.source, r.refund.source]))].join("|"));

/** Whether `ref` looks like `provider`'s reference of a `kind`. */
export const refFits = (provider: ProviderName, kind: RefKind, ref: string) => PROVIDER_REFS[provider][kind].test(ref);

/** What `provider`'s reference of a `kind` looks like, for the operator who gave another. */
export const refShape = (provider: ProviderName, kind: RefKind) =>
  provider === "stripe" ? (kind === "payment" ? "a PaymentIntent id (pi_…)" : "a Refund id (re_… or pyr_…)") : "a pspReference (16 capital letters and digits)";
