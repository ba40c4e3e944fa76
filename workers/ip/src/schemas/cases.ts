import { z } from "@hono/zod-openapi";
import { CountrySchema, LocaleSchema } from "../../../../shared/schemas/common";
import { STAGES } from "../domain/case-process";

const EvidenceIds = z.array(z.string().max(64)).max(100).transform((ids) => [...new Set(ids)]);

export const InfringerSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.email().max(200).optional(),
    address: z.string().trim().max(500).optional(),
    language: LocaleSchema.optional(),
    country: CountrySchema.optional(),
    platform: z.string().trim().max(100).optional(),
    listingUrl: z.url({ protocol: /^https?$/ }).max(2048).optional(),
    storeName: z.string().trim().max(200).optional(),
  })
  .openapi("IpInfringer");

export const CaseInputSchema = z
  .object({
    assetId: z.string().max(64),
    infringer: InfringerSchema,
    evidenceIds: EvidenceIds.optional(),
    note: z.string().max(2000).optional(),
  })
  .openapi("IpCaseInput", { example: {"assetId": "ipa_01JDEMO00000000000000000001", "infringer": {"name": "Lumorra Trading Co.", "country": "CN", "language": "zh-Hans", "platform": "ExampleMarket", "listingUrl": "https://market.example/item/123", "storeName": "Lumorra Official"}, "evidenceIds": ["evd_01JDEMO00000000000000000001"], "note": "Counterfeit desk lamps under our EU mark"} });

export const AdvanceSchema = z
  .object({
    to: z.enum(STAGES, { error: `must be one of ${STAGES.join(", ")}` }),
    note: z.string().max(2000).optional(),
    evidenceIds: EvidenceIds.optional(),
  })
  .openapi("IpCaseAdvance", { example: {"to": "warning_letter", "note": "Letter sent by email"} });

export const AttachSchema = z.object({ evidenceIds: EvidenceIds.pipe(z.array(z.string()).min(1)) }).openapi("IpCaseAttach", { example: {"evidenceIds": ["evd_01JDEMO00000000000000000002"]} });

export const CaseSchema = z
  .object({
    id: z.string(),
    stage: z.enum(STAGES),
    assetId: z.string(),
    infringer: z.record(z.string(), z.string()),
    evidenceIds: z.array(z.string()),
    nextDueAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    timeline: z.array(z.object({ from: z.string().nullable(), to: z.string(), note: z.string().nullable(), at: z.string() })),
    nextMoves: z.array(z.object({ to: z.string(), allowed: z.boolean(), reason: z.string().optional() })),
  })
  .openapi("IpCase");

/** A case in a list: its stage and next deadline without the timeline (read one case for that). */
export const CaseSummarySchema = CaseSchema.omit({ timeline: true, nextMoves: true }).openapi("IpCaseSummary", {
  example: { id: "case_01JDEMO0000000000000000000", stage: "warning_letter", assetId: "ipa_01JDEMO00000000000000000001", infringer: { name: "Lumorra Trading Co.", country: "CN" }, evidenceIds: ["evd_01JDEMO00000000000000000001"], nextDueAt: "2026-12-10", createdAt: "2026-11-20T09:00:00.000Z", updatedAt: "2026-11-26T09:00:00.000Z" },
});
