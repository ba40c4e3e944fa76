import { signAdyen, type AdyenItem } from "../../../shared/payments/signatures";
import type { Charge, Ledger, SimModification } from "./ledger";

/**
 * What Adyen does after answering a modification 201 "received": it decides (does the capture, cancel or
 * refund, or not) and tells the outcome in a notification (CAPTURE, CANCELLATION, REFUND with `success`);
 * a capture or refund that succeeded may still fail later (CAPTURE_FAILED, REFUND_FAILED). Notifications
 * are HMAC-signed as Adyen signs them.
 */
export type Outcome = "success" | "failure" | "failed_later";

const EVENT = { captures: "CAPTURE", cancels: "CANCELLATION", refunds: "REFUND" } as const;

/** Does a received modification to its charge if the charge allows it; null when done, else why not. */
function perform(c: Charge, m: SimModification): string | null {
  if (m.kind === "captures") {
    if (c.status !== "requires_capture" || m.value > c.amount) return "Payment not capturable or amount too large";
    Object.assign(c, { status: "succeeded", captured: m.value });
  } else if (m.kind === "cancels") {
    if (!["requires_capture", "requires_action"].includes(c.status)) return "Payment cannot be cancelled";
    c.status = "canceled";
  } else {
    if (c.refunded + m.value > c.captured) return "Refund amount exceeds the captured amount";
    c.refunded += m.value;
  }
  return null;
}

/** Undoes a capture or refund that had succeeded: the card scheme rejected it. */
function undo(c: Charge, m: SimModification) {
  if (m.kind === "captures") Object.assign(c, { status: "requires_capture", captured: 0 });
  else c.refunded -= m.value;
}

async function notification(m: SimModification, eventCode: string, success: boolean, reason: string | undefined, hmacKey: string) {
  const item: AdyenItem = {
    pspReference: m.psp, originalReference: m.paymentPsp, merchantAccountCode: m.merchantAccount, merchantReference: m.reference,
    amount: { value: m.value, currency: m.currency }, eventCode, success: String(success), ...(reason ? { reason } : {}),
  };
  return { live: "false", notificationItems: [{ NotificationRequestItem: { ...item, additionalData: { hmacSignature: await signAdyen(item, hmacKey) } } }] };
}

/**
 * Decides the modifications received for one merchant reference's charges (all charges when null), or with
 * `failed_later` fails the captures and refunds that had succeeded; the signed notifications, in order.
 */
export async function decide(ledger: Ledger, reference: string | null, outcome: Outcome, hmacKey: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const m of [...ledger.modifications()]) {
    const c = ledger.charge(m.paymentPsp);
    if (!c || (reference !== null && c.reference !== reference)) continue;
    if (outcome === "failed_later") {
      if (m.status !== "succeeded" || m.kind === "cancels") continue;
      undo(c, m);
      await ledger.save(c);
      await ledger.saveModification({ ...m, status: "failed_later" });
      out.push(await notification(m, `${EVENT[m.kind]}_FAILED`, true, "Rejected by the card scheme (simulated)", hmacKey));
      continue;
    }
    if (m.status !== "received") continue;
    const refused = outcome === "failure" ? "Refused (simulated)" : perform(c, m);
    if (!refused) await ledger.save(c);
    await ledger.saveModification({ ...m, status: refused ? "failed" : "succeeded" });
    out.push(await notification(m, EVENT[m.kind], !refused, refused ?? undefined, hmacKey));
  }
  return out;
}
