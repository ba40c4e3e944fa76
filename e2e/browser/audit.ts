import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const SHOTS = path.join(path.dirname(new URL(import.meta.url).pathname), "../../dist/screenshots");

export interface Violation {
  id: string;
  impact: string;
  nodes: number;
}

/**
 * axe-core's serious and critical violations on the page as it is now. axe is evaluated through the
 * DevTools protocol (no request, and no inline script tag, which the pages' CSP rightly refuses).
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(readFileSync(AXE, "utf8"));
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
    return (await axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return results.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Screenshots of the page at a phone's and a desktop's width, into dist/screenshots/<name>-{phone,desktop}.png. */
export async function screenshots(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  const before = page.viewportSize();
  for (const [label, size] of [["phone", { width: 390, height: 844 }], ["desktop", { width: 1280, height: 800 }]] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${label}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

/** Every request the context makes that leaves the stack's origin: the platform serves its pages from itself. */
export function foreignRequests(context: BrowserContext, origin: string): string[] {
  const foreign: string[] = [];
  context.on("request", (req) => {
    if (!req.url().startsWith(origin) && !req.url().startsWith("data:")) foreign.push(req.url());
  });
  return foreign;
}
