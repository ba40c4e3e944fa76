import { signAdyen, type AdyenItem } from "../../../shared/payments/signatures";
import { randomRef, type Charge, type Ledger } from "./ledger";

/**
 * What the buyer does with a charge awaiting them (`requires_action`): `paid` (completes the redirect, pays the QR
 * code or voucher, however late), `abandoned` (never comes back, and the action's time runs out) or `refused` (fails
 * a card's 3-D Secure challenge: only an Adyen `three_ds` charge takes it).
 * - Stripe: paid → the PaymentIntent `succeeded` (`requires_capture` when made with `capture_method=manual`);
 *   abandoned → it stays `requires_action` (Stripe leaves a redirect's PaymentIntent so until it is cancelled).
 * - Adyen: paid → Authorised, with its AUTHORISATION notification; abandoned → Adyen closes the offer (the payment can
 *   no longer complete), with its OFFER_CLOSED notification. Both signed as Adyen signs them, for the caller to deliver.
 * - Adyen, a card's 3-D Secure: paid or refused → the shopper's browser is sent back to the `returnUrl` with a
 *   `redirectResult` in its query (`returns`, the URL it lands on); nothing is decided, and no notification sent,
 *   until the merchant sends that `redirectResult` to /payments/details (adyen.ts).
 */
export type BuyerOutcome = "paid" | "abandoned" | "refused";

/**
 * The buyer's outcome on every charge of `reference` awaiting them; the charges as they now stand, Adyen's
 * notifications, and the return URLs the buyer's browser was sent back to.
 */
export async function buyerActs(ledger: Ledger, reference: string, outcome: BuyerOutcome, hmacKey: string): Promise<{ charges: Charge[]; notifications: unknown[]; returns: string[] }> {
  const charges: Charge[] = [];
  const notifications: unknown[] = [];
  const returns: string[] = [];
  for (const c of [...ledger.allCharges()]) {
    if (c.reference !== reference || c.status !== "requires_action") continue;
    // Back from the challenge already: /payments/details decides it, whatever the buyer does now.
    if (c.threeDs && c.threeDs !== "challenge") continue;
    const challenged = c.threeDs === "challenge" && outcome !== "abandoned";
    if (challenged) {
      const back = backFromChallenge(c, outcome === "paid");
      if (back) returns.push(back);
    } else if (outcome === "refused") continue;
    else if (outcome === "paid") Object.assign(c, c.manual ? { status: "requires_capture" } : { status: "succeeded", captured: c.amount });
    else if (c.provider === "adyen") c.status = "canceled";
    await ledger.save(c);
    charges.push({ ...c });
    if (c.provider === "adyen" && !challenged) notifications.push(await notification(c, outcome === "paid" ? "AUTHORISATION" : "OFFER_CLOSED", hmacKey));
  }
  return { charges, notifications, returns };
}

/**
 * The shopper back from the issuer's challenge, passed or failed: the `redirectResult` Adyen appends to the return
 * URL (opaque to the merchant), kept on the charge for /payments/details; the URL the browser lands on, or null when
 * the payment was made without a `returnUrl` (the shopper then has nowhere to go back to).
 */
function backFromChallenge(c: Charge, passed: boolean): string | null {
  c.threeDs = passed ? "authenticated" : "failed";
  c.redirectResult = `Ab02b4c0!${randomRef("", 48)}`;
  if (!c.returnUrl) return null;
  const url = new URL(c.returnUrl);
  url.searchParams.set("redirectResult", c.redirectResult);
  return url.href;
}

async function notification(c: Charge, eventCode: string, hmacKey: string) {
  const item: AdyenItem = {
    pspReference: c.ref, merchantAccountCode: c.merchantAccount ?? "", merchantReference: c.reference,
    amount: { value: c.amount, currency: c.currency }, eventCode, success: "true",
  };
  return { live: "false", notificationItems: [{ NotificationRequestItem: { ...item, additionalData: { hmacSignature: await signAdyen(item, hmacKey) } } }] };
}
