import { z } from "@hono/zod-openapi";
import { refundIntent } from "../service/settle";
import { RefundSchema } from "../schemas";
import { deps, intentAction, optionalBody, type PaymentsApp } from "./app";

const Body = z
  .object({ amount: z.number().optional().openapi({ description: "Minor units; default what is left to refund." }), reason: z.string().max(500).optional() })
  .openapi("CreateRefund");

const route = intentAction({
  action: "refunds", operationId: "refundIntent",
  summary: "Refund captured money, fully or partly, never more than was captured (needs Idempotency-Key)",
  body: Body,
  response: RefundSchema,
  idempotency: "required",
  accepted: "The provider gave no clear answer, only received the refund (Adyen) or has not paid it out yet (a Stripe refund `pending`): it is pending, its amount held, until the provider's event or reconciliation settles it",
});

export function registerRefundIntent(app: PaymentsApp) {
  app.openapi(route, async (c) => {
    const body = optionalBody<z.infer<typeof Body>>(c);
    // The middleware refused a request without the header: a retry of this request finds its refund by it.
    const refund = await refundIntent(deps(c), c.get("caller").tenantId, c.req.valid("param").id, c.req.header("idempotency-key")!, body?.amount, body?.reason);
    // Pending: the provider's answer never came or it only received the refund; its event or reconciliation settles it (see refundIntent).
    return c.json(refund, refund.status === "pending" ? 202 : 200);
  });
}
