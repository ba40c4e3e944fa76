import type { AttemptStatus } from "./charge-outcome";

const PREFIX = "details ";

/** The attempt's code for a result learnt from the buyer's return (`POST /intents/{id}/complete`): the provider's own, marked so. */
export const returnCode = (providerCode: string) => `${PREFIX}${providerCode}`;

/**
 * Whether an attempt that sent its buyer away was answered by their return, unfinished (Adyen's Received or Pending to
 * /payments/details: the intent moved on to `processing`). Sent again, its charge only replays the action the buyer was
 * sent on, which says nothing new: only the provider's notification settles it.
 */
export const returnedUnfinished = (a: { status: AttemptStatus; code: string | null }) => a.status === "requires_action" && (a.code ?? "").startsWith(PREFIX);
