import { sha256Hex } from "../crypto";

/**
 * What an Idempotency-Key is bound to: the request's method, path, query and body. A retry must match it
 * to be replayed; anything else under the same key is a 409.
 *
 * The body is taken as its raw bytes, except a `multipart/form-data` body: its boundary is random each time
 * a FormData is encoded, so a resubmitted form (or an SDK retry that re-encodes) would never match its own
 * first attempt. That body is fingerprinted by its parsed entries instead (see `formFingerprint`).
 */
export async function requestFingerprint(method: string, url: string, contentType: string | undefined, body: Uint8Array): Promise<string> {
  const { pathname, search } = new URL(url);
  const head = `${method} ${pathname}${search}\n`;
  if (mediaType(contentType) === MULTIPART) {
    const form = await parsedForm(body, contentType!);
    // A body that does not parse keeps the raw fingerprint: the route's form validator answers it 400, which gives the key back.
    if (form) return sha256Hex(`${MULTIPART} ${head}${await formFingerprint(form)}`);
  }
  return sha256Hex(concat(new TextEncoder().encode(head), body));
}

const MULTIPART = "multipart/form-data";

/**
 * The form's entries in their order, as JSON (so no two forms share an encoding): a string field as
 * `["s", name, value]`, a file as `["f", name, filename, type, sha256 of its bytes]`. The boundary and the
 * parts' other headers do not count.
 *
 * The hashed text starts `multipart/form-data METHOD`, which no raw-bytes preimage can: those start with
 * the method, a token that cannot hold a `/`.
 */
export async function formFingerprint(form: FormData): Promise<string> {
  const entries: (readonly string[])[] = [];
  for (const [name, value] of form) {
    entries.push(typeof value === "string" ? ["s", name, value] : ["f", name, value.name, value.type, await sha256Hex(await value.arrayBuffer())]);
  }
  return JSON.stringify(entries);
}

const mediaType = (contentType: string | undefined) => (contentType ?? "").split(";")[0]!.trim().toLowerCase();

/** The body parsed as the route's validator parses it (Hono's `bufferToFormData`: media type lower-cased), or null. */
async function parsedForm(body: Uint8Array, contentType: string): Promise<FormData | null> {
  try {
    const type = contentType.replace(/^[^;]+/, (m) => m.toLowerCase());
    return await new Response(body, { headers: { "content-type": type } }).formData();
  } catch {
    return null;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
