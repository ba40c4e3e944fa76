import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { requireCaller, type ServiceEnv } from "../../../../shared/http/service";
import { idempotencyHeaders, idempotent } from "../../../../shared/idempotency/middleware";
import { problemResponses } from "../../../../shared/schemas/common";
import { IntentIdParam } from "../schemas";
import { notFound } from "../../../../shared/http/problem";
import { emptyBodyIsNone } from "../../../../shared/http/optional-body";
import { presentIntent } from "../view";
import { loadIntent } from "../store/intents";
import { depsOf, type Deps } from "../service/deps";

/** The payments Hono app type, for route modules. */
export type PaymentsApp = OpenAPIHono<ServiceEnv<Env>>;
export type PaymentsContext = Context<ServiceEnv<Env>>;

export const deps = (c: PaymentsContext): Deps => ({ ...depsOf(c.env), waitUntil: (work) => c.executionCtx.waitUntil(work) });

/** The intent with its attempts and refunds, as the API shows it; another tenant's is a 404. */
export async function intentView(d: Deps, tenantId: string, id: string) {
  const loaded = await loadIntent(d.db, tenantId, id);
  if (!loaded) throw notFound(`Payment intent ${id}`);
  return presentIntent(loaded.intent, loaded.attempts, loaded.refunds);
}

export const TAGS = ["Payments"];

/**
 * An action's optional JSON body, validated (a 400 names the field), or undefined when none came: no JSON
 * Content-Type, or an empty body under one (`emptyBodyIsNone` took the header away).
 */
export const optionalBody = <T>(c: PaymentsContext): T | undefined =>
  c.req.header("content-type")?.includes("json") ? (c.req.valid("json" as never) as T) : undefined;

/** The route of an action on one intent (`POST /intents/{id}/<action>`): the same params, auth and errors each time. */
export function intentAction<B extends z.ZodTypeAny, R extends z.ZodTypeAny>(opts: {
  action: string;
  operationId: string;
  summary: string;
  body?: B;
  response: R;
  idempotency?: "required" | "optional";
  /** When set, the action may also answer 202 with the same body: this says when. */
  accepted?: string;
}) {
  const mw: MiddlewareHandler[] = [requireCaller()];
  // Before idempotent(), which keeps its state by the request it sees: emptyBodyIsNone may replace it.
  if (opts.body) mw.push(emptyBodyIsNone());
  if (opts.idempotency) mw.push(idempotent({ required: opts.idempotency === "required" }));
  return createRoute({
    method: "post",
    path: `/v1/payments/intents/{id}/${opts.action}`,
    operationId: opts.operationId,
    tags: TAGS,
    summary: opts.summary,
    middleware: mw as [MiddlewareHandler],
    request: {
      params: IntentIdParam,
      ...(opts.idempotency ? { headers: idempotencyHeaders(opts.idempotency === "required") } : {}),
      ...(opts.body ? { body: { required: false, content: { "application/json": { schema: opts.body } } } } : {}),
    },
    responses: {
      200: { description: "The result", content: { "application/json": { schema: opts.response } } },
      ...(opts.accepted ? { 202: { description: opts.accepted, content: { "application/json": { schema: opts.response } } } } : {}),
      ...problemResponses(400, 401, 403, 404, 409, 422, 502),
    },
  });
}
