import { idempotencyHeaders, idempotent } from "../../../../shared/idempotency/middleware";

/**
 * Idempotency-Key for the operator's creating POSTs (Stripe's semantics, shared/idempotency): the route's
 * `middleware` and its documented `request.headers`. Operator keys share one scope: the admin token is the
 * platform's, not a tenant's. The key is optional, so a request without one is simply not deduplicated.
 */
export function adminIdempotency(redact: (body: string) => string) {
  return { middleware: idempotent({ scope: () => "platform", redact }), headers: idempotencyHeaders(false) };
}

/**
 * A `redact` that replaces the answer's top-level fields named in `shownOnce` with their given (null) values
 * before it is stored: plaintext keys are shown once and never stored, so a replay names what was created
 * but not its secrets. Answers without those fields (problems) are stored as they are.
 */
export function withoutSecrets(shownOnce: Record<string, unknown>): (body: string) => string {
  return (body) => {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return Object.keys(shownOnce).some((field) => parsed[field]) ? JSON.stringify({ ...parsed, ...shownOnce }) : body;
  };
}
