import { z } from "@hono/zod-openapi";
import { ACTION_LIMITS } from "../../../shared/payments/buyer-action";
import { idPattern } from "../../../shared/ids";
import { CountrySchema, CurrencySchema } from "../../../shared/schemas/common";
import { METHODS, PROVIDERS } from "./domain/methods-data";
import { returnUrlError, RETURN_URL_MAX } from "./domain/next-action";
import { PROVIDER_REF_PATTERN } from "./domain/provider-refs";

export const ProviderSchema = z.enum(PROVIDERS as [string, ...string[]]).openapi({ example: "adyen" });
export const MethodIdSchema = z.enum(Object.keys(METHODS) as [string, ...string[]]).openapi({ example: "ideal" });

/** Amounts are checked by the service (422 naming the field) so zero, negative and fractional amounts get the contract's answer. */
const AmountSchema = z.number().openapi({ description: "Integer minor units of the currency (ISO 4217 digits), at least 1.", example: 2500 });

export const IntentIdParam = z.object({
  id: z.string().regex(idPattern("pi"), "must be a payment intent id (pi_…)").openapi({ param: { name: "id", in: "path" }, example: "pi_01JABCDEFGHJKMNPQRSTVWXYZ0" }),
});

export const CreateIntentSchema = z
  .object({
    amount: AmountSchema,
    currency: CurrencySchema,
    country: CountrySchema,
    method: MethodIdSchema.optional().openapi({ description: "The buyer's choice; without it the most used local method that fits." }),
    captureMethod: z.enum(["automatic", "manual"]).default("automatic"),
  })
  .openapi("CreatePaymentIntent");

export const RouteSchema = z
  .object({ provider: ProviderSchema, method: z.string(), fallbacks: z.array(ProviderSchema), trace: z.array(z.string()) })
  .openapi("PaymentRoute");

export const AttemptSchema = z
  .object({
    attemptNo: z.number().int(),
    provider: ProviderSchema,
    idempotencyKey: z.string(),
    status: z.enum(["pending", "authorized", "captured", "requires_action", "declined", "error", "unknown"]),
    outcome: z.string().nullable(),
    code: z.string().nullable(),
    providerRef: z.string().nullable(),
    latencyMs: z.number().int().nullable(),
    createdAt: z.string(),
  })
  .openapi("PaymentAttempt");

export const RefundSchema = z
  .object({
    id: z.string(),
    intentId: z.string(),
    amount: z.number().int(),
    currency: CurrencySchema,
    status: z.enum(["pending", "succeeded", "failed"]),
    providerRef: z.string().nullable(),
    reason: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Refund");

export const NextActionSchema = z
  .discriminatedUnion("type", [
    z
      .object({
        type: z.literal("redirect_to_url"),
        url: z.string().openapi({ description: "The provider's page (an https URL): send the buyer there.", example: "https://checkoutshopper-live.adyen.com/checkoutshopper/checkoutPaymentRedirect?redirectData=X6Xtf" }),
        method: z.enum(["GET", "POST"]).openapi({ description: "GET: navigate to `url`. POST: submit a form to `url` with `data` as its fields." }),
        data: z.record(z.string(), z.string()).optional().openapi({ description: "The form's fields, for a POST." }),
        returnUrl: z.string().nullable().openapi({ description: "Where the provider sends the buyer back: the confirm's `returnUrl`." }),
      })
      .openapi("PaymentNextActionRedirect"),
    z
      .object({
        type: z.literal("display_qr_code"),
        data: z.string().openapi({ description: "The QR code's contents: render it for the buyer to scan with their banking app (Pix also offers it to copy).", example: "00020101021226880014br.gov.bcb.pix2566qrcodes-pix.example/v2/cobv/9d36b84f" }),
        imageUrl: z.string().optional().openapi({ description: "The provider's PNG of the code (an https URL), when it gave one." }),
        expiresAt: z.string().optional().openapi({ description: "When the code stops being payable (RFC 3339 UTC), when the provider said." }),
      })
      .openapi("PaymentNextActionQrCode"),
  ])
  .nullable()
  .openapi("PaymentNextAction", {
    description:
      "What the buyer must do for the payment to go on, while the intent is `requires_action` (null otherwise, and when the provider asked for a step this API has no shape for, such as card 3-D Secure through the provider's SDK or a voucher: the route's trace then says so). Cleared when the intent leaves `requires_action`. URLs are https.",
  });

export const ConfirmIntentSchema = z
  .object({
    returnUrl: z
      .string()
      .max(RETURN_URL_MAX)
      .superRefine((url, ctx) => {
        // Too long is `max`'s issue alone.
        const why = url.length <= RETURN_URL_MAX && returnUrlError(url);
        if (why) ctx.addIssue({ code: "custom", message: why });
      })
      .optional()
      .openapi({
        description:
          "Where the provider sends the buyer back after a redirect (their bank, wallet, lender, or 3-D Secure), with the result in its query: an absolute https URL (http only for localhost, 127.0.0.1 or [::1]), at most 2,048 printable ASCII characters. Required for a method that redirects (iDEAL, Bancontact, eps, Klarna, PayPal, Alipay…): without it the confirm is a 400 `return_url_required` and nothing is charged. Used for every other method when given (a card's 3-D Secure may redirect).",
        example: "https://shop.example/checkout/complete?order=8731",
      }),
  })
  .strict()
  .openapi("ConfirmPaymentIntent");

/** The longest `redirectResult` taken (`ACTION_LIMITS`). */
export const REDIRECT_RESULT_MAX = ACTION_LIMITS.redirectResult;

export const CompleteIntentSchema = z
  .object({
    redirectResult: z
      .string()
      .min(1)
      .max(REDIRECT_RESULT_MAX)
      .superRefine((v, ctx) => {
        // Empty or too long is `min`'s or `max`'s issue alone: one problem named once.
        if (v.length >= 1 && v.length <= REDIRECT_RESULT_MAX && !/^[\x21-\x7e]+$/.test(v)) ctx.addIssue({ code: "custom", message: "must be printable ASCII with no spaces, as the provider appended it" });
      })
      .openapi({
        description:
          "What the provider appended to the `returnUrl` when it sent the buyer back (Adyen's `redirectResult`, from the query or the posted form), as received (URL-decoded): handed to the provider for the payment's result. At most 8,192 printable ASCII characters.",
        example: "X6XtfGC3!Y2hlY2tvdXRTaG9wcGVyUmVkaXJlY3RSZXN1bHQ",
      }),
  })
  .strict()
  .openapi("CompletePaymentIntent");

export const IntentSchema = z
  .object({
    id: z.string(),
    status: z.enum(["requires_confirmation", "processing", "requires_action", "requires_capture", "succeeded", "failed", "canceled"]),
    amount: z.number().int(),
    currency: CurrencySchema,
    formattedAmount: z.string().openapi({ example: "€25.00" }),
    country: CountrySchema,
    method: z.string(),
    captureMethod: z.enum(["automatic", "manual"]),
    amountCaptured: z.number().int(),
    amountRefunded: z.number().int(),
    provider: ProviderSchema.nullable(),
    route: RouteSchema,
    attempts: z.array(AttemptSchema),
    refunds: z.array(RefundSchema),
    nextAction: NextActionSchema,
    pending: z
      .object({ action: z.enum(["capture", "cancel"]), amount: z.number().int().nullable(), since: z.string() })
      .nullable()
      .openapi({ description: "A capture or cancel the provider has not clearly answered (it may have acted); none other can start until it settles." }),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("PaymentIntent");

const MatchSchema = z
  .object({
    countries: z.array(CountrySchema).min(1).optional(),
    currencies: z.array(CurrencySchema).min(1).optional(),
    methods: z.array(MethodIdSchema).min(1).optional(),
    minAmount: z.number().int().nonnegative().optional(),
    maxAmount: z.number().int().nonnegative().optional(),
  })
  .refine((m) => m.minAmount === undefined || m.maxAmount === undefined || m.minAmount <= m.maxAmount, { message: "minAmount must not exceed maxAmount", path: ["minAmount"] });

const TargetSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("provider"), provider: ProviderSchema, fallbacks: z.array(ProviderSchema).max(4).optional() }),
  z.object({
    type: z.literal("split"),
    split: z.array(z.object({ provider: ProviderSchema, weight: z.number().int().min(1).max(10_000) })).min(1).max(4),
    fallbacks: z.array(ProviderSchema).max(4).optional(),
  }),
  z.object({ type: z.literal("chain"), providers: z.array(ProviderSchema).min(1).max(4) }),
]);

const EXAMPLE_RULE = { name: "NL iDEAL via Adyen", match: { countries: ["NL"], methods: ["ideal"] }, route: { type: "provider", provider: "adyen", fallbacks: ["stripe"] } };

export const RoutingRuleSchema = z
  .object({ name: z.string().max(100).optional(), match: MatchSchema, route: TargetSchema })
  .openapi("RoutingRule", { example: EXAMPLE_RULE });

export const RoutingSchema = z.object({ rules: z.array(RoutingRuleSchema).max(100) }).openapi("RoutingRules");

/** An item in review's id: the intent's (a capture, cancel or stuck charge on it) or the refund's. */
export const ReviewIdPattern = new RegExp(`${idPattern("pi").source}|${idPattern("re").source}`);

export const ReviewItemSchema = z
  .object({
    kind: z.enum(["capture", "cancel", "refund", "charge"]).openapi({ description: "A capture or cancel left pending, a refund left pending, or a charge stuck in `processing`." }),
    intentId: z.string(),
    refundId: z.string().nullable().openapi({ description: "The refund's id when `kind` is refund." }),
    amount: z.number().int().openapi({ description: "Integer minor units: the capture's or refund's amount, the intent's for a cancel or charge." }),
    currency: CurrencySchema,
    formattedAmount: z.string().openapi({ example: "€10.00" }),
    provider: ProviderSchema,
    paymentRef: z.string().nullable().openapi({ description: "The provider's reference of the payment it acts on; null for a charge whose outcome was never learnt." }),
    reference: z.string().openapi({ description: "What it was sent to the provider under (reference and idempotency key): search the provider by it." }),
    sentAt: z.string().openapi({ description: "When it was sent to the provider (RFC 3339 UTC)." }),
    since: z.string().openapi({ description: "When reconciliation moved it to review (RFC 3339 UTC)." }),
    note: z.string().openapi({ description: "Why it is in review." }),
    check: z.string().openapi({ description: "What to look up at the provider, and what each finding means." }),
  })
  .openapi("PaymentReviewItem");

export const ReviewIdParam = z.object({
  id: z.string().regex(ReviewIdPattern, "must be a payment intent id (pi_…) or a refund id (re_…)").openapi({ param: { name: "id", in: "path" }, example: "re_01JABCDEFGHJKMNPQRSTVWXYZ0" }),
});

export const ResolveReviewSchema = z
  .object({
    outcome: z.enum(["done", "not_done"]).openapi({
      description:
        "What the provider shows: the capture, cancel or refund was carried out, or the charge authorised (done); or it was refused, cancelled, expired or is not there (not_done). A charge still pending at the provider is left unresolved: its notification settles it.",
    }),
    providerRef: z
      .string()
      .regex(PROVIDER_REF_PATTERN, "must be a provider's reference: Stripe's PaymentIntent (pi_…) or Refund (re_…, pyr_…) id, or Adyen's 16-character pspReference")
      .optional()
      .openapi({
        description:
          "The provider's reference, required to mark a refund done (of the refund: Stripe re_…, Adyen's pspReference) or a charge done (of the payment: Stripe pi_…, Adyen's pspReference); not taken otherwise. At a provider that can read it by its reference (Stripe) it is looked up there first: a charge's payment must be that charge's (of its intent, amount and currency, and authorised), a refund's must be that refund paid out (on the intent's payment, of its amount and currency, and succeeded there); one the provider does not know is a 422 `provider_ref_unknown`, another a 422 `provider_ref_mismatch`, and no clear answer from the provider a 502.",
        example: "QFQTPCQ8HXSKGK82",
      }),
    reference: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .openapi({
        description:
          "The item's `reference` as the review list shows it: only that item is resolved, and a retry is answered by its resolution. Required on an intent that has had an item resolved before (one after another: a charge, then its capture). One that names no item of the intent (or is not the refund's) is a 422 `unknown_reference`.",
        example: "pi_01JABCDEFGHJKMNPQRSTVWXYZ0:1",
      }),
  })
  .openapi("ResolveReviewItem");
