import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ServiceEnv } from "../../../../shared/http/service";
import { ProblemError } from "../../../../shared/http/problem";
import type { DraftError } from "../domain/draft";
import { db, type Db } from "../store/db";
import { catalogVersion } from "../store/versions";

/** The catalog's Hono app type, for route modules. */
export type CatalogApp = OpenAPIHono<ServiceEnv<Env>>;
export type CatalogContext = Context<ServiceEnv<Env>>;

/** The request's drizzle handle. */
export const dbOf = (c: CatalogContext): Db => db(c.env.DB);

/** The catalog version a public read is keyed by, trusting this isolate's last reading for VERSION_TTL_MS. */
export const readVersion = (c: CatalogContext, database: Db) =>
  catalogVersion(database, c.get("caller").tenantId, Number(c.env.VERSION_TTL_MS) || 0);

/** Semantic problems with a body as one 422 naming every field at fault; the first problem names the code. */
export function rejectDraft(errors: DraftError[]) {
  const first = errors[0];
  if (!first) return;
  throw new ProblemError(
    422,
    first.code,
    `${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}.`,
    errors.map(({ path, message }) => ({ path, message })),
  );
}

/** The 404 of a listing the caller may not see: another tenant's, deleted, or held from buyers. */
export const listingNotFound = (id: string) => new ProblemError(404, "listing_not_found", `Listing ${id} was not found.`);
