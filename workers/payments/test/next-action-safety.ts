import { expect } from "vitest";
import { ACTION_LIMITS } from "../../../shared/payments/buyer-action";
import type { ReadAction } from "../src/domain/next-action";

/** What a provider's action parser may hand a buyer, whatever it was given: https URLs only, within the byte bound. */
export function expectSafe(read: ReadAction) {
  if ("unshown" in read) return;
  const a = read.action;
  for (const url of a.type === "redirect_to_url" ? [a.url] : a.imageUrl ? [a.imageUrl] : []) expect(new URL(url).protocol).toBe("https:");
  expect(new TextEncoder().encode(JSON.stringify(a)).byteLength).toBeLessThanOrEqual(ACTION_LIMITS.bytes);
}
