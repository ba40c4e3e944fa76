/**
 * The protocol version the SDK names at connect (`?v=`). From 2 the client sends a refused resume (`error` with
 * `afterSeq`) again by itself; a client that names none gets, after the wait, an empty `page` that makes it ask again.
 * From 3 a refusal for good at connect (removed, no such room, a token that does not open it, an expired token) is
 * an accepted upgrade closed at once with a close code (`CLOSE`), which a browser can read; earlier clients, and any
 * that names no version, get the HTTP problem (401, 403, 404). Its own module, like `close.ts`, so the SDK's core
 * imports it without the zod schemas.
 */
export const PROTOCOL_VERSION = 3;
/** The version from which a client retries a refused resume itself. */
export const RESUME_RETRY_VERSION = 2;
/** The version from which a refusal at connect is a close code instead of an HTTP status. */
export const CLOSE_REFUSAL_VERSION = 3;
