// What the bench's errors column counts, for every kind of scenario: autocannon's CLI summary (non2xx,
// errors, timeouts at the top level), in-process runners (the same, or under `extra`), and runners that
// failed outright (`failed`). A scenario that reports none of these shows "?", never a reassuring 0.

/** Failed requests of one result, or null when the scenario reported no count at all. */
export function errorsOf(r) {
  const counts = [r.non2xx, r.errors, r.timeouts, r.extra?.non2xx, r.extra?.errors, r.extra?.timeouts].filter((n) => typeof n === "number");
  if (r.failed) return Math.max(1, counts.reduce((a, b) => a + b, 0));
  return counts.length === 0 ? null : counts.reduce((a, b) => a + b, 0);
}

/** The errors cell: the count, "?" when unknown, and a mark that cannot be missed when anything failed. */
export function errorsCell(r) {
  const n = errorsOf(r);
  if (n === null) return "?";
  return n > 0 ? `${n} FAILED${r.failed ? ` (${r.failed})` : ""}` : "0";
}
