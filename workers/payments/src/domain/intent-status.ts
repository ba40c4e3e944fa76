/**
 * The intent's status machine as data. Moves only go forward: an event that
 * arrives late (a webhook for a state already passed) is refused, not applied.
 */
export type IntentStatus = "requires_confirmation" | "processing" | "requires_action" | "requires_capture" | "succeeded" | "failed" | "canceled";

export const MOVES: Readonly<Record<IntentStatus, readonly IntentStatus[]>> = {
  requires_confirmation: ["processing", "canceled"],
  processing: ["requires_action", "requires_capture", "succeeded", "failed"],
  requires_action: ["processing", "requires_capture", "succeeded", "failed", "canceled"],
  requires_capture: ["succeeded", "canceled"],
  succeeded: [],
  failed: [],
  canceled: [],
};

export const canMove = (from: IntentStatus, to: IntentStatus) => MOVES[from].includes(to);

/** The statuses from which `to` may be reached: the WHERE clause of a conditional UPDATE. */
export const movableFrom = (to: IntentStatus): IntentStatus[] =>
  (Object.keys(MOVES) as IntentStatus[]).filter((from) => canMove(from, to));

const WHY: Partial<Record<IntentStatus, string>> = {
  succeeded: "it has already succeeded",
  failed: "it has failed; create a new intent to try again",
  canceled: "it was canceled",
  processing: "it is being processed",
};

/** Why `to` cannot be reached from `from`, for the 409's detail. */
export const refusal = (from: IntentStatus, to: string) =>
  `The intent cannot move to ${to}: ${WHY[from] ?? `it is in status ${from}`}.`;
