import { z } from "@hono/zod-openapi";
import { ASSET_KINDS } from "../domain/jurisdictions";
import { DateSchema, DesignationsSchema, JurisdictionSchema, NiceClassesSchema } from "./common";

/** A right's ownership: claimed (`unverified`) until the platform operator decides. */
export const OWNERSHIP_STATUSES = ["unverified", "verified", "rejected"] as const;

/** The operator's decision on a claimed right. */
export const OwnershipDecisionSchema = z
  .object({
    status: z.enum(["verified", "rejected"]),
    note: z.string().trim().min(1).max(500).optional(),
  })
  .openapi("IpOwnershipDecision", { example: { status: "verified", note: "USPTO record matches the seller's registrant details" } });
export type OwnershipDecision = z.infer<typeof OwnershipDecisionSchema>;

export const ASSET_STATUSES = ["filed", "published", "opposed", "registered", "granted", "lapsed", "expired", "abandoned"] as const;

/** A new right in the registry; cross-field rules (classes, designations, date order) are checked here. */
export const AssetInputSchema = z
  .object({
    kind: z.enum(ASSET_KINDS, { error: `must be one of ${ASSET_KINDS.join(", ")}` }),
    jurisdiction: JurisdictionSchema,
    name: z.string().trim().min(1).max(200),
    niceClasses: NiceClassesSchema.optional(),
    designations: DesignationsSchema.optional(),
    registrationNumber: z.string().trim().min(1).max(64).optional(),
    owner: z.string().trim().min(1).max(200),
    status: z.enum(ASSET_STATUSES, { error: `must be one of ${ASSET_STATUSES.join(", ")}` }),
    filedAt: DateSchema.optional(),
    registeredAt: DateSchema.optional(),
    expiresAt: DateSchema.optional(),
  })
  .superRefine((a, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (a.kind === "trademark" && !a.niceClasses?.length) issue("niceClasses", "a trademark needs at least one Nice class");
    if (a.kind !== "trademark" && a.niceClasses?.length) issue("niceClasses", "only trademarks have Nice classes");
    if (a.jurisdiction === "WIPO" && !a.designations?.length) issue("designations", "a WIPO registration needs its designated countries");
    if (a.jurisdiction !== "WIPO" && a.designations?.length) issue("designations", "only WIPO registrations have designations");
    if (a.filedAt && a.expiresAt && a.expiresAt < a.filedAt) issue("expiresAt", "must not be before filedAt");
    if (a.filedAt && a.registeredAt && a.registeredAt < a.filedAt) issue("registeredAt", "must not be before filedAt");
    if (a.registeredAt && a.expiresAt && a.expiresAt < a.registeredAt) issue("expiresAt", "must not be before registeredAt");
  })
  .openapi("IpAssetInput", {
    example: {
      kind: "trademark",
      jurisdiction: "EU",
      name: "Lumora",
      niceClasses: [9, 35],
      registrationNumber: "018000001",
      owner: "Demo Seller GmbH",
      status: "registered",
      filedAt: "2020-03-02",
      registeredAt: "2020-07-10",
    },
  });
export type AssetInput = z.infer<typeof AssetInputSchema>;

export const AssetSchema = z
  .object({
    id: z.string(),
    kind: z.enum(ASSET_KINDS),
    jurisdiction: z.string(),
    name: z.string(),
    niceClasses: z.array(z.number().int()),
    designations: z.array(z.string()),
    registrationNumber: z.string().nullable(),
    owner: z.string(),
    status: z.string(),
    filedAt: z.string().nullable(),
    registeredAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    createdAt: z.string(),
    ownership: z
      .object({
        status: z.enum(OWNERSHIP_STATUSES),
        note: z.string().nullable(),
        decidedAt: z.string().nullable(),
      })
      .openapi("IpAssetOwnership", {
        description: "Whether the platform verified that the tenant holds this right. Only a verified trademark keeps the register mark it names from holding the tenant's listings.",
      }),
  })
  .openapi("IpAsset");
export type Asset = z.infer<typeof AssetSchema>;
