/** The complaint process as data: how long each side has, and the counter-notice grounds it recognises. */

/** Days the tenant has to answer a complaint, and the complainant to answer a counter-notice. */
export const RESPONSE_DAYS = 10;
export const COUNTER_NOTICE_WINDOW_DAYS = 14;

/** Grounds a counter-notice may rest on, each with what it must bring besides ledger evidence. */
export const COUNTER_GROUNDS = {
  prior_use: "use of the sign before the complainant's filing date (give priorUseDate)",
  no_likelihood_of_confusion: "the signs, goods or markets differ enough that buyers are not confused",
  invalid_right: "the complainant's right is invalid, lapsed or not in force where the listing sells",
} as const;
export type CounterGround = keyof typeof COUNTER_GROUNDS;

/**
 * Why a counter-notice on `ground` cannot stand, or null: prior use must
 * predate the complainant's filing date when that date is known.
 */
export function counterNoticeProblem(ground: CounterGround, priorUseDate: string | undefined, rightFiledAt: string | undefined): string | null {
  if (ground !== "prior_use") return null;
  if (!priorUseDate) return "a prior-use counter-notice needs priorUseDate";
  if (rightFiledAt && priorUseDate >= rightFiledAt) return `prior use from ${priorUseDate} does not predate the complainant's filing on ${rightFiledAt}`;
  return null;
}

/** A complaint's hold on its listing has its own source, so it is placed and lifted apart from every other hold there. */
export const COMPLAINT_HOLD_PREFIX = "complaint:";
export const complaintHoldSource = (complaintId: string) => `${COMPLAINT_HOLD_PREFIX}${complaintId}`;
/** The complaint a `complaint:<id>` hold source names. */
export const complaintOfHold = (source: string) => source.slice(COMPLAINT_HOLD_PREFIX.length);

/**
 * Whether the complainant may still report court action against a counter-notice due `dueAt`: through
 * that day (UTC). From the next day the counter-notice stands and the listing comes back, as under DMCA
 * §512(g). store/complaints.ts states the same rule in SQL, against D1's clock.
 */
export const counterWindowOpen = (dueAt: string, today: string) => today <= dueAt;

/** Why court action cannot be recorded on a complaint `today` (a 409's code and detail), or null when it can. */
export function courtActionRefusal(c: { status: string; dueAt: string }, today: string): { code: "complaint_not_countered" | "counter_window_closed"; detail: string } | null {
  if (c.status !== "countered") return { code: "complaint_not_countered", detail: `Court action answers a counter-notice; this complaint is ${c.status}.` };
  if (!counterWindowOpen(c.dueAt, today)) return { code: "counter_window_closed", detail: `The complainant had until ${c.dueAt} to report court action; the counter-notice stands and the listing comes back.` };
  return null;
}
