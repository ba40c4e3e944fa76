import type { Context } from "hono";
import type { SfEnv } from "../../types";
import { kilobytes } from "../../views/file-size";

/**
 * The largest evidence file the console sends on: the IP service's own limit (MAX_EVIDENCE_BYTES in both Workers'
 * wrangler.toml). Refused in the form (its script) and here before forwarding: a body past the gateway's 1 MiB never
 * reaches this Worker, the gateway answers it with JSON the browser would show as it is.
 */
export const evidenceMaxBytes = (env: Env): number => Number(env.MAX_EVIDENCE_BYTES);

/** Why a file of `size` bytes was not added: over the limit, or refused as too large by the platform (its `detail`). */
export function tooLargeText(c: Context<SfEnv>, size: number, platformDetail?: string): string {
  const ui = c.get("ui");
  const kb = (bytes: number) => kilobytes(bytes, ui.locale);
  if (platformDetail !== undefined) return ui.f("evidencePlatformTooLarge", { size: kb(size), detail: platformDetail });
  return ui.f("evidenceTooLarge", { size: kb(size), max: kb(evidenceMaxBytes(c.env)) });
}
