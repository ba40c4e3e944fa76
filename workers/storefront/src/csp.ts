/**
 * What a page may load and who may frame it. Pages render every buyer, seller and third-party text
 * escaped; this is what still holds should one slip through: scripts only from this origin's files
 * (page data travels as inert JSON), the one inline stylesheet, fetches and the chat socket to this
 * origin only, forms posting only here, and no framing (a console page under another site's clicks).
 */
const BASE = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "https:", "data:"],
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
} as const;

/**
 * Sources one page adds to the base policy, for a step it cannot take within it: a form that hands the buyer to their
 * payment provider (`form-action`), the one inline script that submits it (`script-src`, by its hash only).
 */
export type CspExtra = Partial<Record<"form-action" | "script-src", string[]>>;

/** The policy header's value: the base, with `extra`'s sources added to their directives. */
export function contentSecurityPolicy(extra: CspExtra = {}): string {
  return Object.entries(BASE)
    .map(([name, sources]) => [name, ...sources, ...(extra[name as keyof CspExtra] ?? [])].join(" "))
    .join("; ");
}

/** `'sha256-…'`: the source that lets exactly this inline script run, and no other. */
export async function scriptHash(script: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(script)));
  return `'sha256-${btoa(String.fromCharCode(...digest))}'`;
}
