import { addDays, addMonths, daysBetween, endOfMonth } from "./dates";
import { rulesFor, type DeadlineType } from "./deadline-rules";
import type { AssetKind } from "./jurisdictions";

/** What deadline computation needs of a right. */
export interface RightDates {
  id: string;
  name: string;
  kind: AssetKind;
  jurisdiction: string;
  registrationNumber: string | null;
  filedAt: string | null;
  registeredAt: string | null;
}

export interface Deadline {
  assetId: string;
  assetName: string;
  registrationNumber: string | null;
  jurisdiction: string;
  kind: AssetKind;
  type: DeadlineType;
  /** 1-based occurrence: the 2nd renewal, the 3rd maintenance fee. */
  occurrence: number;
  dueDate: string;
  windowOpensAt: string;
  graceEndsAt: string;
  /** `upcoming` before the due date, `in_grace` after it but while a late payment is still accepted. */
  state: "upcoming" | "in_grace";
  daysUntilDue: number;
  ruleId: string;
  source: string;
}

/** Every deadline of a right, in date order, from its jurisdiction's rules. */
export function deadlinesOf(right: RightDates): Omit<Deadline, "state" | "daysUntilDue">[] {
  const out: Omit<Deadline, "state" | "daysUntilDue">[] = [];
  for (const rule of rulesFor(right.jurisdiction, right.kind)) {
    const anchor = right[rule.anchor];
    if (!anchor) continue;
    rule.dueMonths.forEach((months, i) => {
      const ends = addMonths(anchor, months);
      const dueDate = rule.monthEnd ? endOfMonth(ends) : ends;
      out.push({
        assetId: right.id,
        assetName: right.name,
        registrationNumber: right.registrationNumber,
        jurisdiction: right.jurisdiction,
        kind: right.kind,
        type: rule.type,
        occurrence: i + 1,
        dueDate,
        windowOpensAt: rule.monthEnd ? addDays(endOfMonth(addMonths(dueDate, -rule.windowMonths)), 1) : addMonths(dueDate, -rule.windowMonths),
        graceEndsAt: rule.monthEnd ? endOfMonth(addMonths(dueDate, rule.graceMonths)) : addMonths(dueDate, rule.graceMonths),
        ruleId: rule.id,
        source: rule.source,
      });
    });
  }
  return out.sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}

/**
 * The deadlines that need action between `today` and `withinDays` from now:
 * due in that span, or already due but still inside their grace period.
 * A term's end is listed but never "in grace".
 */
export function deadlinesWithin(rights: readonly RightDates[], today: string, withinDays: number): Deadline[] {
  const horizon = addDays(today, withinDays);
  return rights
    .flatMap(deadlinesOf)
    .filter((d) => d.dueDate <= horizon && (d.dueDate >= today || d.graceEndsAt >= today) && !(d.type === "term_end" && d.dueDate < today))
    .map((d) => ({ ...d, state: d.dueDate >= today ? ("upcoming" as const) : ("in_grace" as const), daysUntilDue: daysBetween(today, d.dueDate) }))
    .sort(byPosition);
}

/** Where a deadline sits in a list: by due date, then right, rule and occurrence (a total order, so a page boundary is exact). */
export interface DeadlinePosition {
  dueDate: string;
  assetId: string;
  ruleId: string;
  occurrence: number;
}

const byPosition = (a: DeadlinePosition, b: DeadlinePosition) =>
  a.dueDate.localeCompare(b.dueDate) || a.assetId.localeCompare(b.assetId) || a.ruleId.localeCompare(b.ruleId) || a.occurrence - b.occurrence;

/** One page of a sorted list of deadlines: at most `limit` after `after`, and the position of the last when more follow. */
export function pageOfDeadlines(sorted: readonly Deadline[], limit: number, after?: DeadlinePosition): { items: Deadline[]; last: DeadlinePosition | null } {
  const rest = after ? sorted.filter((d) => byPosition(d, after) > 0) : sorted;
  const items = rest.slice(0, limit);
  const tail = items[items.length - 1];
  return { items, last: rest.length > limit && tail ? { dueDate: tail.dueDate, assetId: tail.assetId, ruleId: tail.ruleId, occurrence: tail.occurrence } : null };
}
