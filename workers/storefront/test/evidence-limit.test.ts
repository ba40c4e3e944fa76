import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import ipConfig from "../../ip/wrangler.toml?raw";
import { call, json, SAME, signedIn, type ApiStub } from "./helpers";

const MAX = Number(env.MAX_EVIDENCE_BYTES);

/** The ledger accepting every upload. */
const ledger: ApiStub = (req) => (req.method === "GET" ? json({ items: [], nextCursor: null }) : json({ id: "evd_01JAAAAAAAAAAAAAAAAAAAAAAA" }, 201));

/** The evidence form posted from the console with a PDF of `size` bytes and a title. */
async function upload(size: number, api: ApiStub, title = "Counterfeit listing capture") {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set(new TextEncoder().encode("%PDF-1.4\n"));
  const form = new FormData();
  form.set("file", new File([bytes], "capture.pdf", { type: "application/pdf" }));
  form.set("title", title);
  form.set("idempotencyKey", `evidence_${crypto.randomUUID()}`);
  const req = call("/console/evidence", { method: "POST", headers: { ...SAME, ...(await signedIn()) }, body: form }, api);
  return { res: await req, posted: req.calls.filter((r) => r.method === "POST") };
}

describe("an evidence file too large for the platform", () => {
  it("is the IP service's own limit (its wrangler.toml), stated in the form and given to the form's script", async () => {
    expect(MAX).toBe(Number(/^MAX_EVIDENCE_BYTES = "(\d+)"/m.exec(ipConfig)?.[1]));
    const html = await (await call("/console/evidence", { headers: await signedIn() }, ledger)).text();
    expect(html).toContain("At most 512 KB per file.");
    expect(html).toContain(`data-max-bytes="${MAX}"`);
    expect(html).toContain('data-too-large="This file is {size}; evidence files may be at most 512 KB.');
    expect(html).toContain('src="/sf/evidence.js"');
  });

  it("is refused before it is sent: the form again (413), saying how large it is and what fits, with the title kept", async () => {
    const { res, posted } = await upload(MAX + 1, ledger);
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(posted).toHaveLength(0);
    const html = await res.text();
    expect(html).toContain("This file is 513 KB; evidence files may be at most 512 KB.");
    expect(html).toMatch(/<input type="file" name="file"[^>]*aria-invalid="true"/);
    expect(html).toContain('value="Counterfeit listing capture"');
    expect(html).toContain('action="/console/evidence"');
  });

  it("at the limit is sent on", async () => {
    const { res, posted } = await upload(MAX, ledger);
    expect(res.status).toBe(303);
    expect(posted).toHaveLength(1);
  });

  it("refused by the platform anyway (its 413 problem+json) is the same console page, never the platform's JSON", async () => {
    const gateway413: ApiStub = () => json({ type: "about:blank", title: "Payload Too Large", status: 413, code: "body_too_large", detail: "The request body is larger than the 1048576 bytes this API accepts." }, 413);
    const { res } = await upload(2048, gateway413);
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("The platform refused this file (2 KB) as too large: The request body is larger than the 1048576 bytes this API accepts.");
    expect(html).toContain('value="Counterfeit listing capture"');
    expect(html).toMatch(/<p class="error" id="file-error" role="alert">/);
  });

  it("speaks the seller's language", async () => {
    const form = new FormData();
    form.set("file", new File([new Uint8Array(MAX + 4096)], "大.pdf", { type: "application/pdf" }));
    const res = await call("/console/evidence", { method: "POST", headers: { ...SAME, ...(await signedIn({ "accept-language": "zh-CN" })) }, body: form }, ledger);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("此文件大小为 516 KB，证据文件最大 512 KB。");
  });

  it("past the gateway's own limit (which sends the limit instead of the body) is a 413 in words, not JSON, and reaches nothing", async () => {
    const req = call("/console/evidence", { method: "POST", headers: { ...SAME, ...(await signedIn()), "x-ecp-body-too-large": String(1 << 20) } }, ledger);
    const res = await req;
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("The upload is larger than the 1 MiB the platform accepts; go back and choose a smaller file.");
    expect(req.calls).toHaveLength(0);
  });
});
