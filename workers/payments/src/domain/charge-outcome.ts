import type { ChargeResult } from "../connectors/types";

/** An attempt's stored status (`payment_attempts.status`). */
export type AttemptStatus = "pending" | "authorized" | "captured" | "requires_action" | "declined" | "error" | "unknown";

/** How a charge result is stored on its attempt; one never sent charged nothing, as a decline. */
export const ATTEMPT_STATUS: Record<ChargeResult["kind"], AttemptStatus> = {
  authorized: "authorized",
  requires_action: "requires_action",
  declined: "declined",
  outage: "error",
  unknown: "unknown",
  not_sent: "declined",
};

/** Our reading of a result: what the chain does next. A charge never sent falls back, as a soft decline does. */
export function outcomeOf(r: ChargeResult): "success" | "action" | "hard" | "soft" | "outage" | "unknown" {
  if (r.kind === "authorized") return "success";
  if (r.kind === "requires_action") return "action";
  if (r.kind === "declined") return r.soft ? "soft" : "hard";
  if (r.kind === "not_sent") return "soft";
  return r.kind;
}
