import { z } from "@hono/zod-openapi";
import { captureIntent } from "../service/settle";
import { IntentSchema } from "../schemas";
import { deps, intentAction, intentView, optionalBody, type PaymentsApp } from "./app";

const Body = z.object({ amountToCapture: z.number().optional().openapi({ description: "Minor units; default the whole authorized amount." }) }).openapi("CaptureIntent");

const route = intentAction({
  action: "capture", operationId: "captureIntent",
  summary: "Capture an authorized intent, fully or partly (at most what was authorized)",
  body: Body,
  response: IntentSchema,
  idempotency: "optional",
  accepted: "The provider gave no clear answer, or only received the capture (Adyen): it is pending (see `pending`) and settles by the provider's event, by reconciliation, or by a retry where the provider answers clearly. A retry under the same Idempotency-Key replays this 202: retry without it, or read the intent, to see it settled.",
});

export function registerCaptureIntent(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const d = deps(c);
    const { tenantId } = c.get("caller");
    const body = optionalBody<z.infer<typeof Body>>(c);
    const { pending } = await captureIntent(d, tenantId, c.req.valid("param").id, body?.amountToCapture);
    return c.json(await intentView(d, tenantId, c.req.valid("param").id), pending ? 202 : 200);
  });
}
