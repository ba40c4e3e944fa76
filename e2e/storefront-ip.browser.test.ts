import { describe, expect, it } from "vitest";
import { audited, chromiumFor, follow, signIn, unique } from "./browser/storefront";
import { api, base, DEMO, newTenant } from "./helpers";

/** A PDF of `size` bytes (its magic, then spaces): what the ledger takes as a PDF. */
const pdf = (size: number) => Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(size - 9, 0x20)]);

// The console's IP pages for a fresh tenant: its rights, the deadlines calendar and its feed, a complaint answered.
describe("the console's IP pages in Chromium", () => {
  const { buyer } = chromiumFor();

  it("shows rights and deadlines, makes a calendar feed URL, and answers a complaint with the problem beside its field", async () => {
    const tenant = await newTenant();
    const sk = tenant.keys.secret;
    const post = async (path: string, json: unknown) => {
      const res = await api(path, { method: "POST", key: sk, json });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as { id: string };
    };
    const asset = await post("/v1/ip/assets", { kind: "trademark", jurisdiction: "EU", name: "Brightwell", niceClasses: [11], registrationNumber: "018765432", owner: "Brightwell GmbH", status: "registered", filedAt: "2021-02-01", registeredAt: "2021-06-15" });
    const listing = await post("/v1/catalog/listings", { sku: unique("IP"), brand: "Lumen", defaultLocale: "en", translations: { en: { title: "Desk lamp" } }, price: { amount: 2500, currency: "EUR" }, category: "home" });
    const complaint = await post("/v1/ip/complaints", {
      listingId: listing.id,
      complainant: { name: "Brightwell Lighting Ltd" },
      right: { mark: "Brightwell", jurisdiction: "GB", registrationNumber: "UK00003456789", filedAt: "2022-01-10" },
      reason: "Identical mark on lamps",
    });

    const page = await buyer("en-US", "US");
    await signIn(page, sk);
    await page.click("nav >> text=IP");
    expect(await page.textContent("table[aria-labelledby=rights-heading]")).toContain("Brightwell");
    expect(await page.textContent(`tr[data-asset='${asset.id}'] [data-ownership]`)).toBe("not yet verified");
    await page.selectOption("#within", "3650");
    await page.click("form[action='/console/ip'] button[type=submit]");
    expect(await page.textContent("table[aria-labelledby=deadlines-heading]")).toMatch(/Brightwell \(EU\).*renewal/s);

    await page.fill("#label", "Team calendar");
    await page.click("form[action='/console/ip/feeds'] button[type=submit]");
    const feedUrl = (await page.getAttribute("#feed-url", "href"))!;
    expect(feedUrl.startsWith(`${base()}/v1/ip/deadlines.ics?token=`)).toBe(true);
    expect(await page.content()).not.toContain(sk);
    const ics = await fetch(`${feedUrl}&withinDays=3650`);
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain("BEGIN:VCALENDAR");
    await audited(page, "console-ip");

    // The complaints inbox lists it (open, with its deadline) and links to it.
    await page.click("a[href='/console/ip/complaints']");
    const row = `tr[data-complaint="${complaint.id}"]`;
    expect(await page.getAttribute(row, "data-status")).toBe("open");
    expect(await page.textContent(row)).toContain("Brightwell Lighting Ltd");
    await audited(page, "console-complaints");
    // A negative check means something only on the filtered page: wait for it, and check it is that page.
    await page.selectOption("#filter-status", "accepted");
    await follow(page, "form[action='/console/ip/complaints'] button[type=submit]");
    expect(new URL(page.url()).searchParams.get("status")).toBe("accepted");
    expect(await page.inputValue("#filter-status")).toBe("accepted");
    expect(await page.$(row)).toBeNull();
    await page.selectOption("#filter-status", "open");
    await follow(page, "form[action='/console/ip/complaints'] button[type=submit]");
    expect(await page.getAttribute(row, "data-status")).toBe("open");
    await page.click(`${row} a[href='/console/ip/complaints/${complaint.id}']`);
    expect(await page.getAttribute("[data-status]", "data-status")).toBe("open");
    await page.selectOption("#reason", "no_likelihood_of_confusion");
    await page.fill("#argument", "Different goods and markets.");
    await page.click("#counter-form button[type=submit]");
    // The API's problem beside the field it names; what was typed is kept.
    expect(await page.textContent("#evidence-error")).toContain("evidence from the ledger");
    expect(await page.getAttribute("#evidence", "aria-invalid")).toBe("true");
    expect(await page.inputValue("#argument")).toBe("Different goods and markets.");
    await audited(page, "console-complaint");

    await page.click("form:has(input[value=accept]) button[type=submit]");
    expect(await page.getAttribute("[data-status]", "data-status")).toBe("accepted");

    // A countered complaint: the complainant's deadline, and its court action recorded from the console.
    const second = await post("/v1/catalog/listings", { sku: unique("IP"), brand: "Lumen", defaultLocale: "en", translations: { en: { title: "Floor lamp" } }, price: { amount: 4500, currency: "EUR" }, category: "home" });
    const countered = await post("/v1/ip/complaints", { listingId: second.id, complainant: { name: "Brightwell Lighting Ltd" }, right: { mark: "Brightwell", jurisdiction: "GB", registrationNumber: "UK00003456789" }, reason: "Same mark" });
    const proof = await post("/v1/ip/evidence", { url: "https://example.org/lumen-catalogue", title: "Lumen catalogue" });
    const answered = await api(`/v1/ip/complaints/${countered.id}/response`, { method: "POST", key: sk, json: { action: "counter_notice", reason: "no_likelihood_of_confusion", evidence: [proof.id], argument: "Different goods." } });
    expect(answered.status).toBe(200);
    await page.goto(`${base()}/console/ip/complaints/${countered.id}`);
    expect(await page.getAttribute("[data-status]", "data-status")).toBe("countered");
    expect(await page.textContent("dd:has([data-status])")).toMatch(/complainant must act by [A-Z][a-z]{2} \d{1,2}, \d{4}/);
    await page.fill("#filedAt", "2099-01-01");
    await page.fill("#court", "High Court of Justice");
    await page.click("#court-form button[type=submit]");
    expect(await page.textContent("#filedAt-error")).toBeTruthy();
    expect(await page.getAttribute("#filedAt", "aria-invalid")).toBe("true");
    expect(await page.inputValue("#court")).toBe("High Court of Justice");
    await audited(page, "console-court-action");
    await page.fill("#filedAt", new Date().toISOString().slice(0, 10));
    await page.fill("#courtReference", "IL-2026-000123");
    await follow(page, "#court-form button[type=submit]");
    expect(await page.getAttribute("[data-status]", "data-status")).toBe("in_court");
    expect(await page.textContent("[data-court-action]")).toContain("High Court of Justice · IL-2026-000123");
    expect(await page.$("#court-form")).toBeNull();

    // A case moved to the warning-letter stage: its timeline, and the letter rendered in the console.
    const form = new FormData();
    form.set("file", new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a])], "test-buy.pdf", { type: "application/pdf" }));
    const evidence = (await (await api("/v1/ip/evidence", { method: "POST", key: sk, body: form })).json()) as { id: string };
    // A case cites only a right the operator verified is the tenant's.
    expect((await api(`/v1/admin/ip/assets/${asset.id}/ownership`, { method: "PUT", key: DEMO.admin, json: { status: "verified" } })).status).toBe(200);
    const kase = await post("/v1/ip/cases", { assetId: asset.id, infringer: { name: "Lampen Outlet", email: "shop@outlet.example", language: "de", platform: "MarketHub", listingUrl: "https://markethub.example/p/42" } });
    const moved = await api(`/v1/ip/cases/${kase.id}/advance`, { method: "POST", key: sk, json: { to: "warning_letter", evidenceIds: [evidence.id] } });
    expect(moved.status).toBe(200);
    // The case list shows its stage and next deadline and links to the case.
    await page.goto(`${base()}/console/ip`);
    await page.click("a[href='/console/ip/cases']");
    const caseRow = `tr[data-case="${kase.id}"]`;
    expect(await page.getAttribute(caseRow, "data-stage")).toBe("warning_letter");
    expect(await page.textContent(caseRow)).toMatch(/warning letter.*[A-Z][a-z]{2} \d{1,2}, \d{4}/s);
    await audited(page, "console-cases");
    await page.click(`${caseRow} a`);
    expect(await page.getAttribute("[data-stage]", "data-stage")).toBe("warning_letter");
    expect(await page.$$eval(".timeline li", (els) => els.length)).toBeGreaterThanOrEqual(2);
    await audited(page, "console-case");
    await page.click("a[href$='/letter']");
    await page.waitForURL(/\/letter$/);
    expect(await page.textContent("main")).toContain("018765432");
    expect(await page.getAttribute("h1", "lang")).toBe("de");
    expect(await page.textContent("pre.letter")).toContain("018765432");
    await page.goBack();
    await page.click("a[href$='/packet']");
    expect(await page.textContent("h1")).toBe("Platform-complaint packet");
  });
  it("refuses an evidence file over the platform's limit in the form, before it is sent, never showing the gateway's JSON", async () => {
    const tenant = await newTenant();
    const page = await buyer("en-US", "US");
    await signIn(page, tenant.keys.secret);
    await page.goto(`${base()}/console/evidence`);
    expect(await page.textContent("#file-hint")).toBe("At most 512 KB per file.");
    // Past the gateway's 1 MiB, a post would be answered by the gateway itself (413 problem+json, shown raw).
    await page.setInputFiles("#file", { name: "capture.pdf", mimeType: "application/pdf", buffer: pdf(1536 * 1024) });
    await page.fill("#title", "Full-page capture");
    await page.click("form[data-upload] button[type=submit]");
    expect(await page.textContent("#file-error")).toBe("This file is 1,536 KB; evidence files may be at most 512 KB. Nothing was added: choose a smaller file (a compressed screenshot, fewer PDF pages).");
    expect(await page.getAttribute("#file", "aria-invalid")).toBe("true");
    expect(new URL(page.url()).pathname).toBe("/console/evidence");
    expect(await page.inputValue("#title")).toBe("Full-page capture");
    await audited(page, "console-evidence-too-large");
    // A file that fits clears the error and goes.
    await page.setInputFiles("#file", { name: "capture.pdf", mimeType: "application/pdf", buffer: pdf(4096) });
    expect(await page.textContent("#file-error")).toBe("");
    await page.click("form[data-upload] button[type=submit]");
    await page.waitForSelector("#receipt-status[data-verified=true]", { timeout: 20_000 });
  });

  it("without JavaScript, gives a file over the limit back as the console's form (413) with the title kept", async () => {
    const tenant = await newTenant();
    const page = await buyer("en-US", "US", { javaScriptEnabled: false });
    await signIn(page, tenant.keys.secret);
    await page.goto(`${base()}/console/evidence`);
    // Under the gateway's 1 MiB, over the IP service's 512 KiB: the storefront sees it and refuses it before sending it on.
    await page.setInputFiles("#file", { name: "capture.pdf", mimeType: "application/pdf", buffer: pdf(700 * 1024) });
    await page.fill("#title", "Full-page capture");
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), follow(page, "form[data-upload] button[type=submit]")]);
    expect(answer.status()).toBe(413);
    expect(await page.textContent("#file-error")).toContain("This file is 700 KB; evidence files may be at most 512 KB.");
    expect(await page.inputValue("#title")).toBe("Full-page capture");
    expect(await page.getAttribute("#file", "aria-invalid")).toBe("true");
  });

  it("shows a seller in Shenzhen the console in Chinese (Accept-Language), with dates written the Chinese way, and switches to English", async () => {
    const tenant = await newTenant();
    const sk = tenant.keys.secret;
    const asset = (await (await api("/v1/ip/assets", { method: "POST", key: sk, json: { kind: "trademark", jurisdiction: "CN", name: "明光", niceClasses: [11], registrationNumber: "61234567", owner: "深圳明光科技有限公司", status: "registered", filedAt: "2021-02-01", registeredAt: "2021-09-15" } })).json()) as { id: string };
    const kase = await api("/v1/ip/cases", { method: "POST", key: sk, json: { assetId: asset.id, infringer: { name: "仿冒灯具店", email: "x@copy.example" } } });
    expect(kase.status).toBe(201);

    const page = await buyer("zh-CN", "CN");
    await page.goto(`${base()}/console`);
    expect(await page.getAttribute("html", "lang")).toBe("zh-Hans");
    expect(await page.textContent("h1")).toBe("登录");
    await page.fill("#key", sk);
    await page.click("main form button[type=submit]");
    await page.waitForSelector("h1:text('商品')");
    expect(await page.textContent("nav.console")).toContain("知识产权");
    await audited(page, "console-zh-listings");

    await page.goto(`${base()}/console/ip/cases`);
    expect(await page.textContent("h1")).toBe("维权案件");
    const row = await page.textContent("tr[data-case]");
    expect(row).toContain("仿冒灯具店");
    expect(row).toContain("取证");
    expect(row).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    await audited(page, "console-zh-cases");

    // The switcher: English from now on, on the same page.
    await page.selectOption("#console-lang", "en");
    await page.click("form.lang button[type=submit]");
    await page.waitForSelector("h1:text('Enforcement cases')");
    expect(new URL(page.url()).pathname).toBe("/console/ip/cases");
    expect(await page.getAttribute("html", "lang")).toBe("en");
  });
});
