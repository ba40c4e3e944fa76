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
