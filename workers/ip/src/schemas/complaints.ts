import { z } from "@hono/zod-openapi";
import { ipComplaints } from "../../../../shared/db/schema";
import { COUNTER_GROUNDS } from "../domain/complaints";
import { today } from "../domain/dates";
import { ASSET_KINDS } from "../domain/jurisdictions";
import { DateSchema, JurisdictionSchema } from "./common";

export const ComplaintInputSchema = z
  .object({
    listingId: z.string().min(1).max(64),
    complainant: z.object({ name: z.string().trim().min(1).max(200), email: z.email().max(200).optional(), agentFor: z.string().max(200).optional() }),
    right: z.object({
      kind: z.enum(ASSET_KINDS).default("trademark"),
      mark: z.string().trim().min(1).max(200),
      jurisdiction: JurisdictionSchema,
      registrationNumber: z.string().trim().min(1).max(64),
      filedAt: DateSchema.optional(),
    }),
    reason: z.string().trim().min(1).max(2000),
    platformReference: z.string().max(200).optional(),
  })
  .openapi("IpComplaintInput", { example: {"listingId": "lst_01JDEMO0000000000000000000", "complainant": {"name": "Brand Owner GmbH", "email": "legal@brand.example"}, "right": {"kind": "trademark", "mark": "LUMEN", "jurisdiction": "EU", "registrationNumber": "018000123"}, "reason": "The listing uses our registered mark for identical goods."} });

export const ComplaintResponseSchema = z
  .object({
    action: z.enum(["accept", "counter_notice"]),
    reason: z.enum(Object.keys(COUNTER_GROUNDS) as [keyof typeof COUNTER_GROUNDS, ...(keyof typeof COUNTER_GROUNDS)[]]).optional(),
    evidence: z.array(z.string().max(64)).max(50).optional(),
    priorUseDate: DateSchema.optional(),
    argument: z.string().trim().max(5000).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.action !== "counter_notice") return;
    if (!r.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: `a counter-notice needs one of: ${Object.keys(COUNTER_GROUNDS).join(", ")}` });
    if (!r.evidence?.length) ctx.addIssue({ code: "custom", path: ["evidence"], message: "a counter-notice needs evidence from the ledger" });
    if (!r.argument) ctx.addIssue({ code: "custom", path: ["argument"], message: "a counter-notice needs an argument" });
  })
  .openapi("IpComplaintResponse", { example: {"action": "counter_notice", "reason": "prior_use", "evidence": ["evd_01JDEMO00000000000000000001"], "priorUseDate": "2015-03-01", "argument": "We have sold under this name in the EU since 2015."} });

/** Court action the tenant reports the complainant took against its counter-notice: it keeps the listing down. */
export const CourtActionInputSchema = z
  .strictObject({
    filedAt: DateSchema.refine((d) => d <= today(), "must not be after today (UTC)"),
    court: z.string().trim().min(1).max(200),
    reference: z.string().trim().min(1).max(100).optional(),
  })
  .openapi("IpCourtActionInput", { example: { filedAt: "2026-12-01", court: "Landgericht München I", reference: "33 O 1234/26" } });

/** Every status a complaint can have, as its table spells them: open → accepted | countered → in_court | restored. */
export const COMPLAINT_STATUSES = ipComplaints.status.enumValues;

export const ComplaintSchema = z
  .object({
    id: z.string(),
    listingId: z.string(),
    status: z.enum(COMPLAINT_STATUSES),
    complaint: z.record(z.string(), z.unknown()),
    response: z.record(z.string(), z.unknown()).nullable(),
    courtAction: z.object({ filedAt: z.string(), court: z.string(), reference: z.string().optional(), recordedAt: z.string() }).nullable(),
    dueAt: z.string(),
    receivedAt: z.string(),
    listing: z.object({ status: z.string().nullable() }),
    history: z.array(z.object({ status: z.string(), note: z.string().nullable(), at: z.string() })),
  })
  .openapi("IpComplaint");

/** A complaint in the inbox: what it claims and its deadline, without the answers and history (read one complaint for those). */
export const ComplaintSummarySchema = ComplaintSchema.omit({ history: true, response: true, courtAction: true }).openapi("IpComplaintSummary", {
  example: { id: "cmp_01JDEMO0000000000000000000", listingId: "lst_01JDEMO0000000000000000000", status: "open", complaint: { complainant: { name: "Brand Owner GmbH" }, right: { mark: "LUMEN", jurisdiction: "EU", registrationNumber: "018000123" }, reason: "Identical goods under our mark." }, dueAt: "2026-12-03", receivedAt: "2026-11-26T09:00:00.000Z", listing: { status: "held" } },
});
