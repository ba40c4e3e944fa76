import { buyerUrl, instant, qrData } from "../../../../shared/payments/buyer-action";
import { actionName, shown, type ReadAction } from "../domain/next-action";

/**
 * A PaymentIntent's `next_action` (docs.stripe.com/api/payment_intents/object#payment_intent_object-next_action) in
 * our shape. `type` names the member that holds the details:
 * - `redirect_to_url` `{ url, return_url }` (iDEAL, Bancontact, eps, FPX, Klarna, 3-D Secure…) and
 *   `alipay_handle_redirect` `{ url, native_url, native_data, return_url }`: a GET redirect to `url`;
 * - `<method>_display_qr_code` (`pix_`, `promptpay_`, `paynow_`, `wechat_pay_`…) `{ data, image_url_png, expires_at? }`,
 *   and Swish's `swish_handle_redirect_or_display_qr_code` `{ qr_code: { data, image_url_png } }`: a QR code.
 * The rest (`use_stripe_sdk`, vouchers such as `boleto_display_details`, bank-transfer instructions, micro-deposits,
 * app-to-app links) have no shape here. `returnUrl` is the one we sent: where the provider sends the buyer back.
 */
export function stripeNextAction(nextAction: unknown, returnUrl: string | null): ReadAction {
  if (typeof nextAction !== "object" || nextAction === null) return { unshown: "Stripe gave no next_action" };
  const { type } = nextAction as { type?: unknown };
  const details = typeof type === "string" ? (nextAction as Record<string, unknown>)[type] : undefined;
  const member = (o: unknown, key: string) => (typeof o === "object" && o !== null ? (o as Record<string, unknown>)[key] : undefined);

  if (type === "redirect_to_url" || type === "alipay_handle_redirect") {
    const url = buyerUrl(member(details, "url"));
    return url ? shown({ type: "redirect_to_url", url, method: "GET", returnUrl }) : { unshown: `Stripe's ${type} has no https url` };
  }
  const qr = type === "swish_handle_redirect_or_display_qr_code" ? member(details, "qr_code") : typeof type === "string" && /^[a-z_]+_display_qr_code$/.test(type) ? details : undefined;
  if (qr !== undefined) {
    const data = qrData(member(qr, "data"));
    if (!data) return { unshown: `Stripe's ${actionName(type)} has no QR data within bounds` };
    // An image the buyer could not safely be shown is left out: the data alone renders the code.
    const imageUrl = buyerUrl(member(qr, "image_url_png")) ?? undefined;
    const expiresAt = instant(member(qr, "expires_at"));
    return shown({ type: "display_qr_code", data, ...(imageUrl ? { imageUrl } : {}), ...(expiresAt ? { expiresAt } : {}) });
  }
  return { unshown: `Stripe's next_action ${actionName(type)} has no shape in this API` };
}
