import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./browser/chromium";
import { createRoom, mintToken } from "./chat-helpers";
import { base, DEMO } from "./helpers";

// The platform's own pages (the API docs, the chat demo): one Chromium launch serves both.
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("the API docs page in Chromium", () => {
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
    await page.close();
  });
});

describe("the chat demo page in Chromium (the SDK in a browser)", () => {
  async function open(room: string, user: string): Promise<Page> {
    const page = await browser.newPage();
    const token = await mintToken(base(), DEMO.secret, user, { rooms: [room] });
    await page.goto(`${base()}/demo/chat#room=${room}&token=${encodeURIComponent(token)}`);
    await page.waitForFunction(() => document.getElementById("state")?.textContent === "live", null, { timeout: 20_000 });
    return page;
  }

  it("delivers a message typed in one browser to another, in order, and shows presence", async () => {
    const room = await createRoom(base(), DEMO.secret, { kind: "group", title: "demo" });
    const alice = await open(room, "alice");
    const bob = await open(room, "bob");
    await alice.waitForFunction(() => document.getElementById("online")?.textContent === "2 online");
    for (const text of ["hello from alice", "second <b>message</b>"]) {
      await alice.fill("#text", text);
      await alice.click("#send");
    }
    await bob.waitForFunction(() => document.querySelectorAll("#messages .msg").length === 2, null, { timeout: 15_000 });
    const seen = await bob.$$eval("#messages .msg .text", (els) => els.map((e) => e.textContent));
    // Message text is shown as text, never parsed as HTML.
    expect(seen).toEqual(["hello from alice", "second <b>message</b>"]);
    // Alice's own copies arrive on her socket, not necessarily before Bob's: wait for them as for his.
    await alice.waitForFunction(() => document.querySelectorAll("#messages .msg").length === 2, null, { timeout: 15_000 });
    const mine = await alice.$$eval("#messages .msg.mine", (els) => els.length);
    expect(mine).toBe(2);
  });
});
