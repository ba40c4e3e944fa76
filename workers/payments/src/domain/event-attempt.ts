import type { AttemptStatus } from "./charge-outcome";

/**
 * How long after an attempt began its confirm may still be waiting on the provider: well past the longest a
 * confirm waits on one attempt (two calls of PROVIDER_TIMEOUT_MS: 20 s in production) and past the age at
 * which reconciliation takes such an attempt for dead (RECONCILE_AFTER_MS: 60 s).
 */
export const IN_FLIGHT_MS = 2 * 60 * 1000;

/**
 * What an attempt is to a provider event found by it (by the provider's reference, or by our intent id on an
 * attempt that never learnt one):
 * - `awaiting`: its outcome was never learnt (`unknown`, `pending` with its confirm dead, or a buyer action
 *   without the provider's reference): the event settles it.
 * - `in_flight`: `pending` while its confirm may still be waiting on the provider, and will record the answer
 *   (the event overtook it): too early to apply. Applied now, a soft decline's event would fail the intent
 *   the chain is about to fall back for, so the provider must deliver it again.
 * - `settled`: its outcome is recorded.
 */
export function eventAttempt(a: { status: AttemptStatus; createdAtMs: number; providerRef?: string | null }, nowMs: number): "awaiting" | "in_flight" | "settled" {
  if (a.status === "unknown") return "awaiting";
  // A buyer action answered without the provider's reference (Adyen's redirects): only its event can bring it.
  if (a.status === "requires_action" && a.providerRef == null) return "awaiting";
  if (a.status !== "pending") return "settled";
  return nowMs - a.createdAtMs < IN_FLIGHT_MS ? "in_flight" : "awaiting";
}
