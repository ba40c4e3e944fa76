import { confirmIntent } from "../service/confirm";
import { IntentSchema } from "../schemas";
import { deps, intentAction, intentView, type PaymentsApp } from "./app";

const route = intentAction({
  action: "confirm", operationId: "confirmIntent",
  summary: "Charge down the routed chain: fall back on outage and soft decline, stop on hard decline, never charge twice",
  response: IntentSchema,
  // Claim mode, as capture: a retry under the same key (its answer lost) replays the first confirm's answer
  // instead of a 409 for the intent that confirm moved on; of concurrent duplicates one runs.
  idempotency: "optional",
});

export function registerConfirmIntent(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const d = deps(c);
    const { tenantId } = c.get("caller");
    const intent = await confirmIntent(d, tenantId, c.req.valid("param").id);
    return c.json(await intentView(d, tenantId, intent.id), 200);
  });
}
