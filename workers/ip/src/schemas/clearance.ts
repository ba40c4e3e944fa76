import { z } from "@hono/zod-openapi";
import { MAX_CLEARANCE_MARKETS } from "../../../../shared/rpc/ip";
import { CountrySchema } from "../../../../shared/schemas/common";
export { ClearanceResultSchema } from "../../../../shared/schemas/clearance";
import { DesignationsSchema, JurisdictionSchema, NiceClassesSchema } from "./common";

export const ClearanceInputSchema = z
  .object({
    text: z.string().trim().min(1).max(2000).openapi({ example: "Nike-style running shoes" }),
    brand: z.string().trim().min(1).max(200).optional(),
    markets: z.array(CountrySchema).min(1).max(MAX_CLEARANCE_MARKETS).transform((m) => [...new Set(m)]),
    niceClasses: NiceClassesSchema.optional(),
  })
  .openapi("IpClearanceInput", { example: {"text": "Lumora LED desk lamp", "brand": "Lumora", "markets": ["DE", "US", "JP"], "niceClasses": [11]} });


/** One reference-register mark as imported (JSON item or CSV row). */
export const MarkInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    owner: z.string().trim().min(1).max(200),
    jurisdiction: JurisdictionSchema,
    niceClasses: NiceClassesSchema.pipe(z.array(z.number()).min(1, "a mark needs at least one Nice class")),
    registrationNumber: z.string().trim().min(1).max(64),
    status: z.string().trim().min(1).max(32).default("registered"),
    designations: DesignationsSchema.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.jurisdiction === "WIPO" && !m.designations?.length) ctx.addIssue({ code: "custom", path: ["designations"], message: "a WIPO registration needs its designated countries" });
  });

export const MarksImportSchema = z.object({ items: z.array(MarkInputSchema).min(1).max(5000) }).openapi("IpMarksImport", { example: {"items": [{"name": "LUMEN", "owner": "Brand Owner GmbH", "jurisdiction": "EU", "niceClasses": [11], "registrationNumber": "018000123", "status": "registered"}]} });
