/**
 * The protocol version the SDK names at connect (`?v=`). From 2 the client sends a refused resume (`error` with
 * `afterSeq`) again by itself; a client that names none gets, after the wait, an empty `page` that makes it ask again.
 * Its own module, like `close.ts`, so the SDK's core imports it without the zod schemas.
 */
export const PROTOCOL_VERSION = 2;
