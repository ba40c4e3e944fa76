import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ServiceEnv } from "../../../../shared/http/service";
import { InvalidInput, ProblemError } from "../../../../shared/http/problem";
import type { DraftError } from "../domain/draft";
import { db, type Db } from "../store/db";

/** The catalog's Hono app type, for route modules. */
export type CatalogApp = OpenAPIHono<ServiceEnv<Env>>;
export type CatalogContext = Context<ServiceEnv<Env>>;

/** The request's drizzle handle. */
export const dbOf = (c: CatalogContext): Db => db(c.env.DB);

/**
 * Semantic problems with a body as one 422 naming every field at fault; the first problem names the code.
 * Raised before anything is written, so an Idempotency-Key it came with is given back for the corrected body.
 */
export function rejectDraft(errors: DraftError[]) {
  const first = errors[0];
  if (!first) return;
  throw new InvalidInput(
    422,
    first.code,
    `${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}.`,
    errors.map(({ path, message }) => ({ path, message })),
  );
}

/** The 404 of a listing the caller may not see: another tenant's, deleted, or held from buyers. */
export const listingNotFound = (id: string) => new ProblemError(404, "listing_not_found", `Listing ${id} was not found.`);

/** A listing's write-concurrency tag: POST and PATCH answer it as `ETag`, PATCH takes it as `If-Match`. */
export const listingEtag = (version: number) => `"lv${version}"`;

/**
 * The version an `If-Match` names: a number, `*` (any), `"never"` for a weak tag (If-Match compares strongly,
 * RFC 9110 13.1.1, so it matches no version: a 412), or undefined when absent; a malformed one is a 400.
 */
export function ifMatchVersion(header: string | undefined): number | "*" | "never" | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === "*") return "*";
  const m = /^\s*(W\/)?"lv(\d{1,15})"\s*$/.exec(header);
  if (!m) {
    throw new ProblemError(400, "invalid_if_match", 'If-Match takes the ETag a write answered with ("lv<version>"), or *.', [
      { path: "header.if-match", message: 'expected "lv<version>"' },
    ]);
  }
  return m[1] ? "never" : Number(m[2]);
}

/**
 * The 412 of an `If-Match` with a weak tag (`W/"lv3"`): If-Match compares strongly (RFC 9110 13.1.1), so a weak tag
 * matches no version, whatever version it names. The client resends with the strong ETag.
 */
export const weakIfMatch = (id: string, current: number) =>
  new ProblemError(
    412,
    "precondition_failed",
    `A weak validator in If-Match never matches (RFC 9110 §13.1.1: If-Match compares strongly). Send the strong ETag of listing ${id}: it is now at ${listingEtag(current)}.`,
    [{ path: "header.if-match", message: 'a weak tag (W/"…") never matches; send the strong "lv<version>"' }],
    { etag: listingEtag(current) },
  );

/** The 412 of an edit based on an old version: the client re-reads and decides. */
export const versionMismatch = (id: string, current: number) =>
  new ProblemError(412, "precondition_failed", `Listing ${id} changed since that version; it is now at ${listingEtag(current)}. Read it again and resend.`, undefined, {
    etag: listingEtag(current),
  });
