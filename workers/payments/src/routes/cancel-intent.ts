import { cancelIntent } from "../service/settle";
import { IntentSchema } from "../schemas";
import { deps, intentAction, intentView, type PaymentsApp } from "./app";

const route = intentAction({
  action: "cancel", operationId: "cancelIntent",
  summary: "Cancel an intent not yet charged, or void its authorization",
  response: IntentSchema,
  accepted: "The provider gave no clear answer: the cancel is pending (see `pending`) and settles by a retry, the provider's event or reconciliation.",
});

export function registerCancelIntent(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const d = deps(c);
    const { tenantId } = c.get("caller");
    const { pending } = await cancelIntent(d, tenantId, c.req.valid("param").id);
    return c.json(await intentView(d, tenantId, c.req.valid("param").id), pending ? 202 : 200);
  });
}
