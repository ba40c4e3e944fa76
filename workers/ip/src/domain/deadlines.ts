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

/** Dates a deadline is looked at between: it is in the span when it falls due by `to` and its grace lasts to `from` or later. */
export interface DateSpan {
  from: string;
  to: string;
}

/**
 * Every deadline of a right, in date order, from its jurisdiction's rules; only those in `span` when given,
 * whose other occurrences are skipped before they are built (a trademark has a century of renewals).
 */
export function deadlinesOf(right: RightDates, span?: DateSpan): Omit<Deadline, "state" | "daysUntilDue">[] {
  const out: Omit<Deadline, "state" | "daysUntilDue">[] = [];
  for (const rule of rulesFor(right.jurisdiction, right.kind)) {
    const anchor = right[rule.anchor];
    const termFrom = rule.until ? right[rule.until.anchor] : anchor;
    const granted = rule.afterGrant ? right.registeredAt : anchor;
    if (!anchor || !termFrom || !granted) continue;
    const termEnds = rule.until ? addMonths(termFrom, rule.until.months) : null;
    const accrued = typeof rule.afterGrant === "object" ? { upTo: addMonths(granted, rule.afterGrant.lead), due: addMonths(granted, rule.afterGrant.months) } : null;
    // A point counted to before `from` less `graceMonths` + 1 months ends its grace (to a month's end at most) before
    // `from`, unless afterGrant moves it.
    const gone = span && addMonths(span.from, -(rule.graceMonths + 1));
    for (const [i, months] of rule.dueMonths.entries()) {
      const counted = addMonths(anchor, months);
      if (gone && counted < gone && !(accrued && counted <= accrued.upTo)) continue;
      // Due points ascend, and none falls due before the date it is counted to (monthEnd and afterGrant move
      // them later only): past `to`, so is every later one.
      if (span && counted > span.to) break;
      if (rule.afterGrant === "waived" && counted <= granted) continue;
      const ends = accrued && counted <= accrued.upTo ? accrued.due : counted;
      const dueDate = rule.monthEnd ? endOfMonth(ends) : ends;
      if (termEnds && dueDate >= termEnds) continue;
      const graceEndsAt = rule.monthEnd ? endOfMonth(addMonths(dueDate, rule.graceMonths)) : addMonths(dueDate, rule.graceMonths);
      if (span && (dueDate > span.to || graceEndsAt < span.from)) continue;
      const windowMonths = rule.windowMonthsAt?.[months] ?? rule.windowMonths;
      const monthBefore = rule.monthEnd && endOfMonth(addMonths(dueDate, -windowMonths));
      out.push({
        assetId: right.id,
        assetName: right.name,
        registrationNumber: right.registrationNumber,
        jurisdiction: right.jurisdiction,
        kind: right.kind,
        type: rule.type,
        occurrence: i + 1,
        dueDate,
        windowOpensAt: !monthBefore ? addMonths(dueDate, -windowMonths) : rule.opensOnMonthEnd ? monthBefore : addDays(monthBefore, 1),
        graceEndsAt,
        ruleId: rule.id,
        source: rule.source,
      });
    }
  }
  return out.sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}

/**
 * The deadlines that need action between `today` and `withinDays` from now:
 * due in that span, or already due but still inside their grace period.
 * A term's end is listed but never "in grace".
 */
export function deadlinesWithin(rights: readonly RightDates[], today: string, withinDays: number): Deadline[] {
  const span = { from: today, to: addDays(today, withinDays) };
  return rights
    .flatMap((right) => deadlinesOf(right, span))
    .filter((d) => !(d.type === "term_end" && d.dueDate < today))
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

/**
 * Folds one page of a tenant's rights into `kept`: the first `count` deadlines in list order (after `after`,
 * when given) of the rights seen so far. A list or a feed is built from its rights a page at a time this way,
 * holding `count` deadlines and one page's at most, however large the registry.
 */
export function keepEarliest(
  kept: readonly Deadline[],
  rights: readonly RightDates[],
  today: string,
  withinDays: number,
  count: number,
  after?: DeadlinePosition,
): readonly Deadline[] {
  const worst = kept.length >= count ? kept[count - 1] : undefined;
  const fresh = deadlinesWithin(rights, today, withinDays).filter((d) => (!after || byPosition(d, after) > 0) && (!worst || byPosition(d, worst) < 0));
  return fresh.length === 0 ? kept : [...kept, ...fresh].sort(byPosition).slice(0, count);
}

/** One page from the first `limit + 1` deadlines after a cursor (keepEarliest): `limit` of them, and the position of the last when more follow. */
export function pageOfDeadlines(first: readonly Deadline[], limit: number): { items: Deadline[]; last: DeadlinePosition | null } {
  const items = first.slice(0, limit);
  const tail = items[items.length - 1];
  return { items, last: first.length > limit && tail ? { dueDate: tail.dueDate, assetId: tail.assetId, ruleId: tail.ruleId, occurrence: tail.occurrence } : null };
}
