import type { z } from "zod";
import { ProblemError } from "./http/problem";

// One of each per isolate: a page read decodes a cursor and encodes the next.
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Opaque cursors: base64url JSON, shape-checked on the way back in so a forged one is a 400, not a crash. */
export function encodeCursor(value: unknown): string {
  const bytes = utf8Encoder.encode(JSON.stringify(value));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    const bin = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const json = utf8Decoder.decode(bytes);
    const parsed = schema.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the problem below
  }
  throw new ProblemError(400, "invalid_cursor", "The cursor is not one this API issued.", [
    { path: "query.cursor", message: "not a valid cursor" },
  ]);
}
