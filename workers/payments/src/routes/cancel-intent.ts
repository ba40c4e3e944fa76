import { cancelIntent } from "../service/settle";
import { IntentSchema } from "../schemas";
import { deps, intentAction, intentView, type PaymentsApp } from "./app";

const route = intentAction({
  action: "cancel", operationId: "cancelIntent",
  summary: "Cancel an intent not yet charged, or void its authorization",
  response: IntentSchema,
  accepted: "The provider gave no clear answer, or only received the cancel (Adyen): it is pending (see `pending`) and settles by the provider's event, by reconciliation, or by a retry where the provider answers clearly. A retry under the same Idempotency-Key replays this 202: retry without it, or read the intent, to see it settled.",
  // As confirm: a retry whose first answer was lost replays it, not a 409 for the intent already canceled.
  idempotency: "optional",
});

export function registerCancelIntent(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const d = deps(c);
    const { tenantId } = c.get("caller");
    const { pending } = await cancelIntent(d, tenantId, c.req.valid("param").id);
    return c.json(await intentView(d, tenantId, c.req.valid("param").id), pending ? 202 : 200);
  });
}
