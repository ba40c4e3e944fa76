// Every HTTP load in the bench goes through `load`: autocannon, keeping the first body of each non-2xx
// status it saw, so a failed row names what failed (a 503 from wrangler's entry proxy reads "Your worker
// restarted mid-request", a service's own 503 is a problem+json) instead of leaving it to the log.
// Run as a script, it is the load of one plain request in a process of its own (bench/run.mjs).
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** Enough of a body to name the failure; a page of HTML says what it is in its first lines. */
const BODY_CHARS = 300;

/**
 * One autocannon run (`opts` as autocannon takes them; `requests` defaults to one plain request); the
 * result gains `firstBodies`, `{ status: body }` for every non-2xx status seen.
 */
export function load(opts) {
  const firstBodies = {};
  const keep = (status, body) => {
    if ((status < 200 || status > 299) && !(status in firstBodies)) firstBodies[status] = String(body ?? "").slice(0, BODY_CHARS);
  };
  const requests = (opts.requests ?? [{}]).map((req) => ({
    ...req,
    onResponse(status, body, context, headers) {
      keep(status, body);
      req.onResponse?.(status, body, context, headers);
    },
  }));
  return new Promise((resolve, reject) =>
    autocannon({ connections: CONNECTIONS, ...opts, requests }, (err, r) => (err ? reject(err) : resolve({ ...r, firstBodies }))),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url, seconds, method = "GET", headers, body } = JSON.parse(process.argv[2]);
  const result = await load({ url, duration: seconds, requests: [{ method, headers, ...(body === undefined ? {} : { body }) }] });
  process.stdout.write(JSON.stringify(result));
}
