/** Calendar arithmetic on RFC 3339 full-dates (`YYYY-MM-DD`), in UTC. */

const parse = (date: string) => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return { y, m, d };
};

const format = (y: number, m: number, d: number) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** `date` plus `months`, clamped to the month's last day (2020-02-29 + 12 months = 2021-02-28), as offices count. */
export function addMonths(date: string, months: number): string {
  const { y, m, d } = parse(date);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** The last day of `date`'s month. */
export function endOfMonth(date: string): string {
  const { y, m } = parse(date);
  return format(y, m, new Date(Date.UTC(y, m, 0)).getUTCDate());
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** `date` plus `days`. Counted on its parts, not by parsing it: a deadline a century after a late date runs past year 9999, which `Date.parse` refuses. */
export function addDays(date: string, days: number): string {
  const { y, m, d } = parse(date);
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d + days);
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Today's UTC date. */
export const today = (now = new Date()) => now.toISOString().slice(0, 10);
