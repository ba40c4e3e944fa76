import { z } from "@hono/zod-openapi";
import { captureIntent } from "../service/settle";
import { IntentSchema } from "../schemas";
import { deps, intentAction, intentView, type PaymentsApp } from "./app";

const Body = z.object({ amountToCapture: z.number().optional().openapi({ description: "Minor units; default the whole authorized amount." }) }).openapi("CaptureIntent");

const route = intentAction({
  action: "capture", operationId: "captureIntent",
  summary: "Capture an authorized intent, fully or partly (at most what was authorized)",
  body: Body,
  response: IntentSchema,
  idempotency: "optional",
  accepted: "The provider gave no clear answer, or only received the capture (Adyen): it is pending (see `pending`) and settles by the provider's event, or by a retry or reconciliation where the provider answers clearly.",
});

export function registerCaptureIntent(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const d = deps(c);
    const { tenantId } = c.get("caller");
    const body = c.req.header("content-type")?.includes("json") ? (c.req.valid("json" as never) as z.infer<typeof Body>) : undefined;
    const { pending } = await captureIntent(d, tenantId, c.req.valid("param").id, body?.amountToCapture);
    return c.json(await intentView(d, tenantId, c.req.valid("param").id), pending ? 202 : 200);
  });
}
