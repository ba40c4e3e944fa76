import { paymentWebhookEvents } from "../../../../shared/db/schema/payments";
import type { Db } from "./db";

/** Records a provider event id; false when it was already recorded (a replay: apply nothing). */
export async function firstDelivery(database: Db, provider: string, eventId: string, intentId: string | null, now: string): Promise<boolean> {
  const rows = await database
    .insert(paymentWebhookEvents)
    .values({ provider, eventId, intentId, receivedAt: now })
    .onConflictDoNothing()
    .returning({ id: paymentWebhookEvents.eventId });
  return rows.length > 0;
}
