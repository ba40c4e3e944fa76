// What the bench's errors column counts, for every kind of scenario: autocannon's CLI summary (non2xx,
// errors, timeouts at the top level), in-process runners (the same, or under `extra`), and runners that
// failed outright (`failed`). A scenario that reports none of these shows "?", never a reassuring 0.

/**
 * One autocannon result as a bench row: latency, rate, and every failed request by kind. `statuses`
 * names the non-2xx codes and `bodies` the first body of each (bench/load.mjs), so a failure says what
 * it was (a 503 from wrangler's entry proxy is not a 500 from a service).
 */
export function summarize(r, extra) {
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).filter(([code]) => !code.startsWith("2")).map(([code, s]) => [code, s.count]));
  const bodies = r.firstBodies ?? {};
  const withStatuses = Object.keys(statuses).length > 0 ? { ...extra, statuses, ...(Object.keys(bodies).length > 0 ? { bodies } : {}) } : extra;
  return { p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, ok: r["2xx"], non2xx: r.non2xx, errors: r.errors + r.timeouts, ...(withStatuses ? { extra: withStatuses } : {}) };
}

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

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * One row from rounds of a scenario (`own`) measured alternately with its yardstick (`yard`): the mean
 * rate of each (`besideRps` is the yardstick's, what `× bound` divides by), the median p50 and p99,
 * every round's failed requests, and each round's own ratio (`rounds`: the spread a reader should allow
 * for). A round that failed outright fails the row.
 */
export function combineRounds(own, yard) {
  const failed = own.find((r) => r.failed) ?? yard.find((r) => r.failed);
  if (failed) return { failed: failed.failed };
  const sum = (k) => own.reduce((a, r) => a + (r[k] ?? 0) + (r.extra?.[k] ?? 0), 0);
  const statuses = {};
  const bodies = {};
  for (const r of own) {
    for (const [code, n] of Object.entries(r.extra?.statuses ?? {})) statuses[code] = (statuses[code] ?? 0) + n;
    for (const [code, body] of Object.entries(r.extra?.bodies ?? {})) bodies[code] ??= body;
  }
  return {
    p50: median(own.map((r) => r.p50)),
    p99: median(own.map((r) => r.p99)),
    rps: mean(own.map((r) => r.rps)),
    ok: sum("ok"),
    non2xx: sum("non2xx"),
    errors: sum("errors") + sum("timeouts"),
    besideRps: mean(yard.map((r) => r.rps)),
    extra: { rounds: own.map((r, i) => Math.round((100 * r.rps) / yard[i].rps) / 100), ...(Object.keys(statuses).length > 0 ? { statuses } : {}), ...(Object.keys(bodies).length > 0 ? { bodies } : {}) },
  };
}

/**
 * What a goal reads of a row. Each answers null when the row lacks it, so a goal the run did not
 * measure is missed, never met by default.
 */
const MEASURES = {
  "× bound": (r) => r.boundRatio ?? null,
  "× base": (r) => r.ratio ?? null,
  "p99 / p50": (r) => (r.p50 > 0 && typeof r.p99 === "number" ? r.p99 / r.p50 : null),
  viewers: (r) => r.extra?.viewers ?? null,
  "precision, recall": (r) => {
    const sets = [r.extra?.tuning, r.extra?.holdout];
    if (sets.some((s) => typeof s?.precision !== "number" || typeof s?.recall !== "number")) return null;
    return Math.min(...sets.flatMap((s) => [s.precision, s.recall]));
  },
};

/**
 * A scenario's goal judged on its row: `goal` is `{ measure, atLeast }` or `{ measure, atMost }` with a
 * measure named in MEASURES. A goal is met only with 0 failed requests too: a fast row that dropped
 * requests or deliveries met nothing.
 */
export function judgeGoal(row, goal) {
  const read = MEASURES[goal.measure];
  if (!read) throw new Error(`unknown goal measure: ${goal.measure}`);
  const value = read(row);
  const wanted = goal.atLeast !== undefined ? `≥ ${goal.atLeast}` : `≤ ${goal.atMost}`;
  const errors = errorsOf(row);
  const within = value !== null && (goal.atLeast !== undefined ? value >= goal.atLeast : value <= goal.atMost);
  return { measure: goal.measure, value, wanted, errors, met: within && errors === 0 };
}

/** One line of the goals summary. */
export function goalLine(name, j) {
  const shown = j.value === null ? "not measured" : Number.isInteger(j.value) ? String(j.value) : j.value.toFixed(2);
  const errors = j.errors === null ? "errors not reported" : `${j.errors} errors`;
  return `${j.met ? "met   " : "MISSED"}  ${name}: ${j.measure} ${shown} (goal ${j.wanted}), ${errors}`;
}
