import type { z } from "@hono/zod-openapi";
import { InvalidInput } from "../../../../shared/http/problem";
import { completeIntent } from "../service/complete";
import { CompleteIntentSchema, IntentSchema } from "../schemas";
import { deps, intentAction, intentView, optionalBody, type PaymentsApp } from "./app";

const route = intentAction({
  action: "complete", operationId: "completeIntent",
  summary:
    "Hand the provider what the buyer brought back from its page (Adyen's `redirectResult` on the return URL) and settle the intent by the payment's result: Authorised → succeeded (or requires_capture), Refused → failed, Pending → processing. Only an Adyen intent in `requires_action`; a Stripe intent completes by itself (422 `completion_not_supported`)",
  body: CompleteIntentSchema,
  response: IntentSchema,
  // Claim mode, as confirm: a retry under the same key (its answer lost) replays the first answer rather than a 409
  // for the intent that complete moved on.
  idempotency: "optional",
});

export function registerCompleteIntent(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const d = deps(c);
    const { tenantId } = c.get("caller");
    // The body is optional for `intentAction`, not here: no JSON body is no `redirectResult`.
    const body = optionalBody<z.infer<typeof CompleteIntentSchema>>(c);
    if (!body?.redirectResult) throw new InvalidInput(400, "validation_failed", "The body must carry the `redirectResult` the buyer came back with.", [{ path: "redirectResult", message: "required" }]);
    const intent = await completeIntent(d, tenantId, c.req.valid("param").id, body.redirectResult);
    return c.json(await intentView(d, tenantId, intent.id), 200);
  });
}
