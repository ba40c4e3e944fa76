/** `fetch`, retried (up to `tries` times) while the answer is wrangler dev's own "restarted mid-request" 503. */
export function devFetch(url: string, init?: RequestInit, tries?: number): Promise<Response>;
