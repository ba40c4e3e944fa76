import { createRoute, z } from "@hono/zod-openapi";
import { ProblemError } from "../../../../shared/http/problem";
import { problemResponses } from "../../../../shared/schemas/common";
import { actionExpired } from "../domain/action-window";
import { adyenEventId } from "../domain/adyen-event-id";
import { fromAdyenValue } from "../domain/adyen-units";
import { fromStripeAmount } from "../domain/stripe-units";
import { verifyAdyen, verifyStripe, type AdyenItem } from "../../../../shared/payments/signatures";
import { setting } from "../service/deps";
import { applyEvent, applyModificationFailed, applyRefundEvent, type ModificationFailedEvent, type ProviderEvent, type RefundEvent } from "../service/webhooks";
import { TAGS, deps, type PaymentsContext, type PaymentsApp } from "./app";

/** One verified event: about a payment, one of our refunds, or a capture or cancel that failed. */
type Event = ProviderEvent | { refund: RefundEvent } | { modificationFailed: ModificationFailedEvent };

const route = createRoute({
  method: "post",
  path: "/v1/payments/webhooks/{provider}",
  operationId: "receiveProviderWebhook",
  tags: TAGS,
  summary: "Provider webhooks (no API key: Stripe-Signature or Adyen HMAC instead); a replayed event moves nothing",
  request: {
    params: z.object({ provider: z.enum(["stripe", "adyen"]).openapi({ param: { name: "provider", in: "path" } }) }),
  },
  responses: {
    200: { description: "Accepted (Adyen gets `[accepted]`)", content: { "application/json": { schema: z.object({ received: z.boolean(), outcomes: z.array(z.string()) }) } } },
    ...problemResponses(400, 401, 503),
  },
});

const unauthorized = (reason: string) =>
  new ProblemError(401, reason === "stale" ? "stale_signature" : "invalid_signature", reason === "stale" ? "The webhook's timestamp is outside the 300 s tolerance." : "The webhook's signature does not verify.");

function parse<T>(bytes: Uint8Array): T {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    throw new ProblemError(400, "malformed_json", "The webhook body is not JSON.");
  }
}

/** Stripe event types that move an intent, and where to. */
const STRIPE_MOVES: Record<string, ProviderEvent["to"]> = {
  "payment_intent.succeeded": "succeeded",
  "payment_intent.amount_capturable_updated": "requires_capture",
  "payment_intent.payment_failed": "failed",
  "payment_intent.canceled": "canceled",
};

/** Stripe's refund statuses as settled (true/false) or not yet (null). */
const STRIPE_REFUND: Record<string, boolean | null> = { succeeded: true, failed: false, canceled: false, pending: null, requires_action: null };

interface StripeEvent {
  id: string;
  type: string;
  data: { object: { id: string; object?: string; status?: string; amount_received?: number; currency?: string; metadata?: { intent_id?: string; refund_key?: string } } };
}

async function stripeEvents(c: PaymentsContext, raw: Uint8Array): Promise<Event[]> {
  const verdict = await verifyStripe(c.req.header("stripe-signature") ?? null, raw, setting(c.env, "STRIPE_WEBHOOK_SECRET"), Math.floor(Date.now() / 1000));
  if (!verdict.ok) throw unauthorized(verdict.reason);
  const e = parse<StripeEvent>(raw);
  if (typeof e?.id !== "string" || typeof e.data?.object?.id !== "string") throw new ProblemError(400, "malformed_event", "Not a Stripe event object.");
  const o = e.data.object;
  if (o.object === "refund") {
    return [{ refund: { provider: "stripe", eventId: e.id, ref: o.id, key: o.metadata?.refund_key ?? null, succeeded: STRIPE_REFUND[o.status ?? ""] ?? null } }];
  }
  return [{ provider: "stripe", eventId: e.id, ref: o.id, reference: o.metadata?.intent_id, to: STRIPE_MOVES[e.type] ?? null, amount: stripeAmount(o) }];
}

/** What a PaymentIntent event says was received, in ISO minor units (Stripe's differ for ISK and MGA). */
function stripeAmount(o: StripeEvent["data"]["object"]): number | undefined {
  if (!o.amount_received || typeof o.currency !== "string") return undefined;
  return fromStripeAmount(o.amount_received, o.currency.toUpperCase()) ?? undefined;
}

function adyenMove(i: AdyenItem): ProviderEvent["to"] {
  const ok = i.success === "true";
  switch (i.eventCode) {
    case "AUTHORISATION":
      return ok ? "authorized" : "failed";
    case "CAPTURE":
      return ok ? "succeeded" : null;
    case "CANCELLATION":
      return ok ? "canceled" : null;
    // The shopper never completed the payment in its time (an abandoned redirect, a QR code or voucher expired):
    // Adyen closed the offer, and nothing can complete it now.
    case "OFFER_CLOSED":
      return ok ? "canceled" : null;
    default:
      return null;
  }
}

async function adyenEvents(c: PaymentsContext, raw: Uint8Array): Promise<Event[]> {
  const body = parse<{ notificationItems?: unknown }>(raw);
  // Unauthenticated until each item's HMAC verifies: any shape that is not a list of items is a 400.
  const list = Array.isArray(body?.notificationItems) ? (body.notificationItems as ({ NotificationRequestItem?: AdyenItem } | null)[]) : [];
  const items = list.map((n) => n?.NotificationRequestItem as AdyenItem);
  if (items.length === 0 || items.some((i) => typeof i?.pspReference !== "string" || typeof i.amount?.value !== "number")) {
    throw new ProblemError(400, "malformed_event", "Not an Adyen notification.");
  }
  for (const i of items) {
    const verdict = await verifyAdyen(i, setting(c.env, "ADYEN_HMAC_KEY"));
    if (!verdict.ok) throw unauthorized(verdict.reason);
  }
  return items.map(adyenEvent);
}

/**
 * One Adyen notification item in our terms. A modification's merchantReference is the key we sent as its
 * reference: a refund is found by it, a failed capture or cancel lets go of the claim made under it.
 */
function adyenEvent(i: AdyenItem): Event {
  // Adyen's own dedup advice: the event code and PSP reference (and its success) identify a notification.
  const eventId = adyenEventId(i.eventCode, i.pspReference, i.success);
  const ok = i.success === "true";
  const failed = (action: "capture" | "cancel", afterDone: boolean): Event => ({
    modificationFailed: { provider: "adyen", eventId, ref: i.originalReference ?? i.pspReference, key: i.merchantReference, action, reason: i.reason || i.eventCode, afterDone },
  });
  switch (i.eventCode) {
    case "REFUND":
    case "REFUND_FAILED":
      return { refund: { provider: "adyen", eventId, ref: i.pspReference, key: i.merchantReference, succeeded: i.eventCode === "REFUND" && ok } };
    case "CAPTURE_FAILED":
      return failed("capture", true);
    case "CAPTURE":
    case "CANCELLATION":
      return ok ? adyenPaymentEvent(i, eventId) : failed(i.eventCode === "CAPTURE" ? "capture" : "cancel", false);
    default:
      return adyenPaymentEvent(i, eventId);
  }
}

function adyenPaymentEvent(i: AdyenItem, eventId: string): ProviderEvent {
  return {
    provider: "adyen",
    eventId,
    ref: i.eventCode === "AUTHORISATION" ? i.pspReference : (i.originalReference ?? i.pspReference),
    reference: i.merchantReference,
    to: adyenMove(i),
    ...(i.eventCode === "OFFER_CLOSED" ? { why: actionExpired("adyen", null, `Adyen closed the offer (OFFER_CLOSED ${i.pspReference})`) } : {}),
    // Signed in Adyen's minor units; ours are ISO's (CLP, CVE, IDR, ISK differ).
    amount: fromAdyenValue(i.amount.value, i.amount.currency) ?? undefined,
  };
}

export function registerWebhooks(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const { provider } = c.req.valid("param");
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const events = provider === "stripe" ? await stripeEvents(c, raw) : await adyenEvents(c, raw);
    const d = deps(c);
    const outcomes: string[] = [];
    for (const e of events) {
      outcomes.push("refund" in e ? await applyRefundEvent(d, e.refund) : "modificationFailed" in e ? await applyModificationFailed(d, e.modificationFailed) : await applyEvent(d, e));
    }
    if (provider === "adyen") return c.text("[accepted]", 200) as never;
    return c.json({ received: true, outcomes }, 200);
  });
}
