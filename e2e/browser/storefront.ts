import { afterAll, beforeAll, expect } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { api, base, DEMO } from "../helpers";
import { foreignRequests, screenshots, seriousViolations } from "./audit";
import { launchChromium } from "./chromium";

/** A unique name for what a test makes in the shared stack. */
export const unique = (p: string) => `${p}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** A listing of the demo tenant (the storefront sells for it), remembered in `created` for cleanup. */
export async function createListing(created: string[], markets: string[] | undefined, title: string) {
  const res = await api("/v1/catalog/listings", {
    method: "POST",
    key: DEMO.secret,
    json: { sku: unique("SF"), brand: "Gadgetry", defaultLocale: "en", translations: { en: { title }, de: { title: `${title} (DE)` } }, price: { amount: 2500, currency: "EUR" }, ...(markets ? { markets } : {}), category: "stationery" },
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  created.push(id);
  return id;
}

/** Deletes the listings a file made: the demo catalog is the seeded one again for the files that count it. */
export async function deleteListings(created: string[]) {
  for (const id of created) await api(`/v1/catalog/listings/${id}`, { method: "DELETE", key: DEMO.secret });
}

/** Browsers for one test file: each context's requests that leave the stack are collected in `foreign`. */
export function browsers(getBrowser: () => Browser) {
  const foreign: string[] = [];
  const contexts: BrowserContext[] = [];
  /** A browser as a buyer somewhere: language from the OS, country from the edge (X-Country locally). */
  async function buyer(locale: string, country: string, opts: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
    const context = await getBrowser().newContext({ locale, extraHTTPHeaders: { "x-country": country }, viewport: { width: 1280, height: 800 }, ...opts });
    contexts.push(context);
    foreign.push(...foreignRequests(context, base()));
    return context.newPage();
  }
  return { buyer, foreign, contexts };
}

/** No serious or critical axe violation on the page, and its screenshots at phone and desktop widths. */
export async function audited(page: Page, name: string) {
  expect(await seriousViolations(page), name).toEqual([]);
  await screenshots(page, name);
}

/**
 * Chromium for one describe block: launched before its tests, closed after them (after `cleanup`), and
 * no request of any of its pages may have left the stack.
 */
export function chromiumFor(cleanup?: () => Promise<void>) {
  let browser: Browser;
  const made = browsers(() => browser);
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await cleanup?.();
    await browser?.close();
    expect(made.foreign).toEqual([]);
  });
  return made;
}

/** Signs a page into the seller console with a secret key and waits for the listings. */
export async function signIn(page: Page, key: string) {
  await page.goto(`${base()}/console`);
  await page.fill("#key", key);
  await page.click("main form button[type=submit]");
  await page.waitForSelector("h1:text('Listings')");
}

/**
 * Clicks something that navigates and waits for the new page's DOM: `click` returns once the
 * navigation commits, and reading the page then can find it still half parsed.
 */
export async function follow(page: Page, selector: string) {
  await page.click(selector);
  await page.waitForLoadState("domcontentloaded");
}
