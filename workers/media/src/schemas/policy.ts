import { z } from "@hono/zod-openapi";
import { KnownCountrySchema } from "./nodes";

const CountrySetSchema = z.union([z.literal("EU"), z.array(KnownCountrySchema).min(1).max(250)]);

export const ResidencyRuleSchema = z
  .object({
    buyers: CountrySetSchema.openapi({ description: '"EU" or a list of ISO countries the rule covers.', example: "EU" }),
    nodes: z.union([CountrySetSchema, z.literal("in-country")]).openapi({
      description: 'Where their sessions may go: "EU", "in-country" (the buyer\'s own country) or a list of countries.',
      example: "EU",
    }),
    mode: z.enum(["require", "prefer"]).default("require").openapi({
      description: "`require`: never elsewhere (an unsatisfiable lookup is a 503 problem); `prefer`: elsewhere only while no allowed node is up.",
    }),
  })
  .openapi("MediaResidencyRule");

const EXAMPLE_RULES = [{ buyers: "EU", nodes: "EU", mode: "require" }, { buyers: ["CN"], nodes: "in-country", mode: "require" }];

export const PolicySchema = z
  .object({ rules: z.array(ResidencyRuleSchema).max(50) })
  .openapi("MediaResidencyPolicy", { example: { rules: EXAMPLE_RULES } });

export const PolicyAnswerSchema = PolicySchema.extend({
  isDefault: z.boolean().openapi({ description: "True until the tenant sets a policy of its own." }),
}).openapi("MediaResidencyPolicyAnswer", { example: { rules: EXAMPLE_RULES, isDefault: false } });
