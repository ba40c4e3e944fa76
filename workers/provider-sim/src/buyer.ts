import { signAdyen, type AdyenItem } from "../../../shared/payments/signatures";
import type { Charge, Ledger } from "./ledger";

/**
 * What the buyer does with a charge awaiting them (`requires_action`): `paid` (completes the redirect, pays the QR
 * code or voucher, however late) or `abandoned` (never comes back, and the action's time runs out).
 * - Stripe: paid → the PaymentIntent `succeeded` (`requires_capture` when made with `capture_method=manual`);
 *   abandoned → it stays `requires_action` (Stripe leaves a redirect's PaymentIntent so until it is cancelled).
 * - Adyen: paid → Authorised, with its AUTHORISATION notification; abandoned → Adyen closes the offer (the payment can
 *   no longer complete), with its OFFER_CLOSED notification. Both signed as Adyen signs them, for the caller to deliver.
 */
export type BuyerOutcome = "paid" | "abandoned";

/** The buyer's outcome on every charge of `reference` awaiting them; the charges as they now stand and Adyen's notifications. */
export async function buyerActs(ledger: Ledger, reference: string, outcome: BuyerOutcome, hmacKey: string): Promise<{ charges: Charge[]; notifications: unknown[] }> {
  const charges: Charge[] = [];
  const notifications: unknown[] = [];
  for (const c of [...ledger.allCharges()]) {
    if (c.reference !== reference || c.status !== "requires_action") continue;
    if (outcome === "paid") Object.assign(c, c.manual ? { status: "requires_capture" } : { status: "succeeded", captured: c.amount });
    else if (c.provider === "adyen") c.status = "canceled";
    await ledger.save(c);
    charges.push({ ...c });
    if (c.provider === "adyen") notifications.push(await notification(c, outcome === "paid" ? "AUTHORISATION" : "OFFER_CLOSED", hmacKey));
  }
  return { charges, notifications };
}

async function notification(c: Charge, eventCode: string, hmacKey: string) {
  const item: AdyenItem = {
    pspReference: c.ref, merchantAccountCode: c.merchantAccount ?? "", merchantReference: c.reference,
    amount: { value: c.amount, currency: c.currency }, eventCode, success: "true",
  };
  return { live: "false", notificationItems: [{ NotificationRequestItem: { ...item, additionalData: { hmacSignature: await signAdyen(item, hmacKey) } } }] };
}
