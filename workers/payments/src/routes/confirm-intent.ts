import type { z } from "@hono/zod-openapi";
import { confirmIntent } from "../service/confirm";
import { ConfirmIntentSchema, IntentSchema } from "../schemas";
import { deps, intentAction, intentView, optionalBody, type PaymentsApp } from "./app";

const route = intentAction({
  action: "confirm", operationId: "confirmIntent",
  summary: "Charge down the routed chain: fall back on outage and soft decline, stop on hard decline, never charge twice; a buyer step (redirect, QR code) comes back as `nextAction`",
  body: ConfirmIntentSchema,
  response: IntentSchema,
  // Claim mode, as capture: a retry under the same key (its answer lost) replays the first confirm's answer
  // instead of a 409 for the intent that confirm moved on; of concurrent duplicates one runs. The key is bound to
  // the body's bytes too: the same key with another `returnUrl` (or none) is a 409.
  idempotency: "optional",
});

export function registerConfirmIntent(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const d = deps(c);
    const { tenantId } = c.get("caller");
    const body = optionalBody<z.infer<typeof ConfirmIntentSchema>>(c);
    const intent = await confirmIntent(d, tenantId, c.req.valid("param").id, { returnUrl: body?.returnUrl });
    return c.json(await intentView(d, tenantId, intent.id), 200);
  });
}
