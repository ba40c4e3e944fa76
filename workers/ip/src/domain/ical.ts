import type { Deadline } from "./deadlines";

/** RFC 5545 TEXT escaping. */
const escapeText = (s: string) => s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");

/** RFC 5545 §3.1: lines longer than 75 octets continue on the next line after a space. */
function fold(line: string): string {
  const bytes = new TextEncoder().encode(line);
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let size = 0;
  for (const ch of line) {
    const n = new TextEncoder().encode(ch).length;
    if (size + n > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = "";
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

const LABELS: Record<Deadline["type"], string> = {
  renewal: "Renewal",
  declaration_of_use: "Declaration of use",
  maintenance_fee: "Maintenance fee",
  annuity: "Annuity",
  term_end: "Term ends",
};

const compact = (date: string) => date.replace(/-/g, "");

/** One all-day event. */
const event = (uid: string, dtstamp: string, date: string, summary: string, description: string) => [
  "BEGIN:VEVENT",
  `UID:${uid}`,
  `DTSTAMP:${dtstamp}`,
  `DTSTART;VALUE=DATE:${compact(date)}`,
  `SUMMARY:${escapeText(summary)}`,
  `DESCRIPTION:${escapeText(description)}`,
  "END:VEVENT",
];

/**
 * The deadlines as an iCalendar feed: one all-day event per deadline, stable UIDs so updates replace events.
 * A feed cut short of what was asked (`cutFrom`: the due date of the first deadline left out) ends with one
 * more event on that date saying so, where the calendar's user sees it; its UID is fixed, so a refresh moves it.
 */
export function deadlinesCalendar(deadlines: readonly Deadline[], stamp: Date, cutFrom?: string): string {
  const dtstamp = stamp.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ECP//IP deadlines//EN", "CALSCALE:GREGORIAN", "X-WR-CALNAME:IP deadlines"];
  for (const d of deadlines) {
    const summary = `${LABELS[d.type]}: ${d.assetName} (${d.jurisdiction}${d.registrationNumber ? ` ${d.registrationNumber}` : ""})`;
    const description = `Due ${d.dueDate}; window opens ${d.windowOpensAt}; grace ends ${d.graceEndsAt}.\n${d.source}`;
    lines.push(...event(`${d.assetId}-${d.ruleId}-${d.occurrence}@ip.ecp`, dtstamp, d.dueDate, summary, description));
  }
  if (cutFrom) {
    const why = `This calendar holds the first ${deadlines.length} deadlines; those due from ${cutFrom} on may be missing. GET /v1/ip/deadlines lists them all, or subscribe with a shorter withinDays.`;
    lines.push(...event("more-deadlines@ip.ecp", dtstamp, cutFrom, "More IP deadlines from this date are not in this calendar", why));
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
