import { createRoute } from "@hono/zod-openapi";
import { InvalidInput } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { commitIdempotent, idempotencyHeaders, idempotent, storedAnswer } from "../../../../shared/idempotency/middleware";
import { problemResponses } from "../../../../shared/schemas/common";
import { chooseMethod, planIntent } from "../service/create-intent";
import { forgetRules, rememberRules, rememberedRules } from "../service/rules-memo";
import { isRefusedGuard } from "../store/intents";
import { readRules } from "../store/routing";
import { CreateIntentSchema, IntentSchema } from "../schemas";
import { healthOrUnseen } from "../health";
import { presentIntent } from "../view";
import { TAGS, deps, type PaymentsApp } from "./app";

const route = createRoute({
  method: "post",
  path: "/v1/payments/intents",
  operationId: "createIntent",
  tags: TAGS,
  summary: "Create a payment intent, routed (needs Idempotency-Key)",
  // Optimistic: the whole effect is one INSERT whose answer is known before it runs, so the key is not
  // claimed first; the intent and the finished key go in one batch (see shared/idempotency).
  middleware: [requireCaller(), idempotent({ required: true, mode: "optimistic" })] as const,
  request: {
    headers: idempotencyHeaders(true),
    body: { required: true, content: { "application/json": { schema: CreateIntentSchema } } },
  },
  responses: {
    201: { description: "Created, in requires_confirmation", content: { "application/json": { schema: IntentSchema } } },
    ...problemResponses(400, 401, 403, 409, 422),
  },
});

/**
 * One D1 round trip in the common case: validation is pure, provider health comes from the isolate's
 * short cache, the rules from its memo (guarded in the batch), and the batch holds the key and the intent.
 */
export function registerCreateIntent(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const d = deps(c);
    const tenantId = c.get("caller").tenantId;
    const input = c.req.valid("json");
    const method = chooseMethod(input);
    const health = await healthOrUnseen(d.health, d.now());
    for (let remembered = rememberedRules(tenantId); ; remembered = undefined) {
      const rules = remembered ?? rememberRules(tenantId, await readRules(d.db, tenantId));
      let planned: ReturnType<typeof planIntent>;
      try {
        planned = planIntent(d, tenantId, input, method, { rules, health, remembered: remembered !== undefined });
      } catch (err) {
        if (!(err instanceof InvalidInput)) throw err;
        // Refused under remembered rules: decide again on the stored ones first.
        if (remembered !== undefined) {
          forgetRules(tenantId);
          continue;
        }
        // Refused under today's rules: a retry of a create made under earlier ones replays its 201 all the same.
        const replayed = await storedAnswer(c);
        if (!replayed) throw err;
        return replayed as never;
      }
      const { intent, insert } = planned;
      const res = c.json(presentIntent(intent), 201, { location: `/v1/payments/intents/${intent.id}` });
      try {
        // A duplicate that got there first answers instead: its stored answer, nothing of ours written.
        return (await commitIdempotent(c, d.db, [insert], res)).response as typeof res;
      } catch (err) {
        // The rules changed since this isolate remembered them: read them and decide again (once).
        if (remembered === undefined || !isRefusedGuard(err)) throw err;
        forgetRules(tenantId);
      }
    }
  });
}
