// `fetch` for scripts that drive the local stack with POSTs that are safe to repeat (an Idempotency-Key, a heartbeat).
//
// wrangler dev's entry proxy answers 503 "Your worker restarted mid-request" to any POST whose hop to the
// runtime broke, reload or not: it compares the runtime's URL with the request's path appended to the
// runtime's bare URL, which never match, so a keep-alive connection the runtime closed a moment earlier
// (log: "stream disconnected prematurely"; the proxy's own error, logged once by patching it: "Network
// connection lost", about once in 35,000 requests) reaches the client as a restart. It retries GETs itself;
// production has no such hop. These callers retry too, as a client honouring `Retry-After: 0` would.
const LOCAL_RESTART = "Your worker restarted mid-request";

/** `fetch`, retried (up to `tries` times) while the answer is wrangler dev's mid-request 503. */
export async function devFetch(url, init, tries = 3) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, init);
    if (res.status !== 503 || attempt >= tries) return res;
    const text = await res.clone().text();
    if (!text.startsWith(LOCAL_RESTART)) return res;
  }
}
