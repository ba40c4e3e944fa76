import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./browser/chromium";
import { createRoom, mintToken } from "./chat-helpers";
import { base, DEMO } from "./helpers";

describe("the chat demo page in Chromium (the SDK in a browser)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

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
    const mine = await alice.$$eval("#messages .msg.mine", (els) => els.length);
    expect(mine).toBe(2);
  });
});
