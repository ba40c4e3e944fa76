/** What a file must start with to be the type it claims; text types must be valid UTF-8 instead. */
const SIGNATURES: Record<string, (b: Uint8Array) => boolean> = {
  "image/png": (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  "image/jpeg": (b) => starts(b, [0xff, 0xd8, 0xff]),
  "image/gif": (b) => ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a"),
  "image/webp": (b) => ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP"),
  "application/pdf": (b) => ascii(b, 0, "%PDF-"),
  "video/mp4": (b) => ascii(b, 4, "ftyp"),
  "text/plain": utf8,
  "text/html": utf8,
  "text/csv": utf8,
};

/** The evidence types accepted: screenshots, documents, page captures, short videos. */
export const EVIDENCE_TYPES = Object.keys(SIGNATURES);

function starts(b: Uint8Array, sig: number[]) {
  return sig.every((x, i) => b[i] === x);
}
function ascii(b: Uint8Array, offset: number, text: string) {
  return [...text].every((c, i) => b[offset + i] === c.charCodeAt(0));
}
function utf8(b: Uint8Array) {
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/**
 * The file's media type when it is an accepted one and its bytes agree, else
 * null: a renamed executable does not pass as a PNG.
 */
export function acceptedType(claimed: string, bytes: Uint8Array): string | null {
  const type = claimed.split(";")[0]!.trim().toLowerCase();
  const check = SIGNATURES[type];
  return check && check(bytes) ? type : null;
}
