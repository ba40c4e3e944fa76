/**
 * A request's media type as the route's validators read it: lower-cased, without
 * parameters (`Application/JSON; charset=utf-8` is `application/json`), or "" when
 * there is no Content-Type. Handlers that branch on the body's type compare this,
 * never the raw header, so they agree with what was validated.
 */
export const mediaType = (contentType: string | undefined | null): string => (contentType ?? "").split(";")[0]!.trim().toLowerCase();
