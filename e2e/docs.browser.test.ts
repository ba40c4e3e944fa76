import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "./browser/chromium";
import { base } from "./helpers";

describe("the API docs page in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("renders every API section from the platform's own assets, with nothing fetched elsewhere", async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on("request", (req) => {
      if (!req.url().startsWith(base())) foreign.push(req.url());
    });
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(`${base()}/docs`);
    await page.waitForSelector(".opblock-tag-section", { timeout: 20_000 });
    const tags = await page.$$eval(".opblock-tag", (els) => els.map((e) => e.textContent?.trim() ?? ""));
    expect(tags.join(" ")).toContain("Platform");
    expect(tags.join(" ")).toContain("Admin");
    const title = await page.textContent(".info .title");
    expect(title).toContain("Edge commerce platform API");
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});
