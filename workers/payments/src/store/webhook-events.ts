import { and, eq } from "drizzle-orm";
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

/** Forgets a recorded event whose apply failed, so the provider's retry of it is applied, not taken for a replay. */
export async function forgetDelivery(database: Db, provider: string, eventId: string) {
  await database.delete(paymentWebhookEvents).where(and(eq(paymentWebhookEvents.provider, provider), eq(paymentWebhookEvents.eventId, eventId)));
}
