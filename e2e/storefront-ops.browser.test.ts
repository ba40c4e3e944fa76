import { describe, expect, it } from "vitest";
import { audited, chromiumFor, follow, signIn } from "./browser/storefront";
import { api, base, newTenant } from "./helpers";

// The console's payments and media pages for a fresh tenant (its routing and nodes are its own).
describe("the console's payments and media pages in Chromium", () => {
  const { buyer } = chromiumFor();

  it("shows provider health, saves routing rules (problem beside the rules), and draws the tenant's media nodes", async () => {
    const tenant = await newTenant();
    const sk = tenant.keys.secret;
    for (const [id, lat, lon, region] of [["frankfurt-am-main-1", 50.1155, 8.6842, "europe"], ["sydney-1", -33.8688, 151.2093, "oceania"]] as const) {
      const res = await api(`/v1/media/nodes/${id}`, { method: "PUT", key: sk, json: { url: `wss://${id}.media.example.com`, region, lat, lon, capacity: 100 } });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    }
    expect((await api("/v1/media/nodes/frankfurt-am-main-1/heartbeat", { method: "POST", key: sk, json: { load: 0.2, healthy: true } })).status).toBeLessThan(300);

    const page = await buyer("en-US", "US");
    await signIn(page, sk);

    await page.click("nav >> text=Payments");
    expect(await page.$$eval("[data-provider]", (els) => els.map((e) => e.getAttribute("data-provider")).sort())).toEqual(["adyen", "stripe"]);
    expect(JSON.parse(await page.inputValue("#rules"))).toEqual([]);
    await page.fill("#rules", JSON.stringify([{ match: { countries: ["NL"] }, route: { type: "single", provider: "paypal" } }]));
    await page.click("form[action='/console/payments/routing'] button[type=submit]");
    expect(await page.textContent("#rules-error")).not.toBe("");
    expect(await page.getAttribute("#rules", "aria-invalid")).toBe("true");
    await audited(page, "console-payments");
    await page.fill("#rules", JSON.stringify([{ match: { countries: ["NL"] }, route: { type: "chain", providers: ["adyen", "stripe"] } }]));
    await page.click("form[action='/console/payments/routing'] button[type=submit]");
    await page.waitForSelector("text=Routing saved.");
    expect(JSON.parse(await page.inputValue("#rules"))[0]).toMatchObject({ match: { countries: ["NL"] }, route: { type: "chain", providers: ["adyen", "stripe"] } });
    expect((await (await api("/v1/payments/routing", { key: sk })).json()) as unknown).toMatchObject({ rules: [{ route: { providers: ["adyen", "stripe"] } }] });

    await follow(page, "nav >> text=Media");
    const dots = await page.$$eval("svg.map circle", (els) => els.map((e) => ({ id: e.getAttribute("data-node"), x: Number(e.getAttribute("cx")), y: Number(e.getAttribute("cy")), fill: e.getAttribute("fill") })));
    expect(dots).toHaveLength(2);
    const fra = dots.find((d) => d.id === "frankfurt-am-main-1")!;
    expect(fra.x).toBeCloseTo(((8.6842 + 180) / 360) * 720, 0);
    expect(fra.y).toBeCloseTo(((90 - 50.1155) / 180) * 360, 0);
    // Exact states: "not offered" contains "offered", so a substring check could not tell them apart.
    for (const [id, state, fill] of [["frankfurt-am-main-1", "offered", "#1b7f3b"], ["sydney-1", "silent", "#6b6b6b"]] as const) {
      const cell = `[data-node-row=${id}] [data-state]`;
      expect(await page.getAttribute(cell, "data-state"), id).toBe(state);
      expect((await page.textContent(cell))?.trim(), id).toBe(state);
      expect(dots.find((d) => d.id === id)?.fill, id).toBe(fill);
    }
    await audited(page, "console-media");
  });
});
