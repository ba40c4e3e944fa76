import { z } from "@hono/zod-openapi";
import { idPattern } from "../../../../shared/ids";
import { CountrySchema } from "../../../../shared/schemas/common";
import { JURISDICTIONS } from "../domain/jurisdictions";

/**
 * A calendar date (RFC 3339 full-date). A full timestamp is accepted for its date as written: a
 * registration dated 2017-03-10 in Tokyo (2017-03-10T00:00:00+09:00) is a right of 2017-03-10, not of
 * the UTC date the offset makes it, and a legal date moved a day moves every deadline counted from it.
 */
export const DateSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "must be an RFC 3339 date such as 2024-03-31" })
  .transform((v) => v.slice(0, 10))
  .openapi({ type: "string", format: "date", example: "2024-03-31" });

export const JurisdictionSchema = z
  .enum(JURISDICTIONS, { error: `must be one of ${JURISDICTIONS.join(", ")}` })
  .openapi({ example: "EU" });

/** A Nice classification class: 1–34 goods, 35–45 services. */
export const NiceClassSchema = z
  .number()
  .int("must be an integer")
  .min(1, "Nice classes run from 1 to 45")
  .max(45, "Nice classes run from 1 to 45");

export const NiceClassesSchema = z
  .array(NiceClassSchema)
  .max(45)
  .transform((v) => [...new Set(v)].sort((a, b) => a - b));

/** Designated parties of a WIPO registration: countries or `EU`. */
export const DesignationsSchema = z
  .array(z.union([CountrySchema, z.literal("EU")]))
  .min(1)
  .max(130)
  .transform((v) => [...new Set(v)].sort());

/** Path parameter `id` with a given prefix: only an id this service could have made (a malformed one is a 400, not a lookup). */
export const idParam = (prefix: string) =>
  z.object({ id: z.string().regex(idPattern(prefix), `must be an id of the form ${prefix}_ and 26 base32 characters`).openapi({ param: { name: "id", in: "path" }, example: `${prefix}_01JABCDEFGHJKMNPQRSTVWXYZ0` }) });
