import { z } from "@hono/zod-openapi";

/**
 * The contract's clearance verdict: the IP service answers it and the catalog
 * returns it on listing writes, so both document one schema.
 */
export const ClearanceResultSchema = z
  .object({
    status: z.enum(["clear", "warning", "blocked"]),
    findings: z.array(
      z.object({
        assetId: z.string(),
        mark: z.string(),
        owner: z.string(),
        jurisdiction: z.string(),
        registrationNumber: z.string(),
        niceClasses: z.array(z.number().int()),
        markets: z.array(z.string()),
        similarity: z.number().min(0).max(1),
        reasons: z.array(z.string()),
        matched: z.string(),
      }),
    ),
    brand: z.object({ name: z.string(), registeredIn: z.array(z.string()), notRegisteredIn: z.array(z.string()) }).optional(),
  })
  .openapi("ClearanceResult");
