import createFetchClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";

export type { components, operations, paths } from "./schema";

export interface ClientOptions {
  /** The gateway's origin, e.g. `https://ecp-gateway.example.workers.dev`. */
  baseUrl: string;
  /** A secret key (`sk_…`, servers only) or a publishable key (`pk_…`, browsers and apps). */
  key: string;
  /** A fetch to use instead of the global one (tests, service bindings). */
  fetch?: typeof fetch;
  /** Headers sent with every request, e.g. `Accept-Language`. */
  headers?: Record<string, string>;
}

/** Sends the key as a bearer token on every request. */
const bearer = (key: string): Middleware => ({
  onRequest({ request }) {
    request.headers.set("authorization", `Bearer ${key}`);
    return request;
  },
});

/**
 * A typed client of the platform's API: paths, parameters, bodies and answers
 * (problems included) are checked against the OpenAPI document the gateway serves.
 */
export function createClient(opts: ClientOptions) {
  const client = createFetchClient<paths>({ baseUrl: opts.baseUrl, fetch: opts.fetch, headers: opts.headers });
  client.use(bearer(opts.key));
  return client;
}

export type Client = ReturnType<typeof createClient>;

/**
 * A new Idempotency-Key for one logical operation (an order, a refund). Keep it
 * with the operation and send the same key on every retry: the platform then
 * acts once and replays its first answer.
 */
export function idempotencyKey(operation = "op"): string {
  return `${operation}_${crypto.randomUUID()}`;
}

/**
 * `value` when it is a key `idempotencyKey(operation)` made, else null: a page that rendered one into a
 * form takes back only that shape, so a resubmitted form repeats its first answer instead of acting twice.
 */
export function idempotencyKeyOf(value: unknown, operation: string): string | null {
  const key = typeof value === "string" ? value : "";
  return key.startsWith(`${operation}_`) && /^[0-9a-f-]{36}$/.test(key.slice(operation.length + 1)) ? key : null;
}

/** The request option that sends an Idempotency-Key: `client.POST(path, { body, ...idempotent(key) })`. */
export function idempotent(key: string) {
  return { headers: { "idempotency-key": key } };
}

const RETRYABLE = new Set([409, 429, 500, 502, 503, 504]);

/**
 * Runs a creating request until it gets a final answer, reusing one
 * Idempotency-Key so a retry can never act twice: retries network failures,
 * 429/5xx and `idempotency_in_progress` with jittered backoff.
 */
export async function withRetries<T extends { response: Response; error?: unknown }>(
  send: (key: string) => Promise<T>,
  opts: { key?: string; attempts?: number; baseMs?: number } = {},
): Promise<T> {
  const key = opts.key ?? idempotencyKey();
  const attempts = opts.attempts ?? 4;
  for (let i = 1; ; i++) {
    try {
      const result = await send(key);
      const status = result.response.status;
      const inProgress = status === 409 && (result.error as { code?: string } | undefined)?.code === "idempotency_in_progress";
      if (i >= attempts || !RETRYABLE.has(status) || (status === 409 && !inProgress)) return result;
    } catch (err) {
      if (i >= attempts) throw err;
    }
    await new Promise((r) => setTimeout(r, Math.random() * (opts.baseMs ?? 200) * 2 ** (i - 1)));
  }
}
