import { describe, expect, it } from "vitest";
import { sha256Hex } from "../crypto";
import { requestFingerprint } from "./fingerprint";

const URL_ = "https://ip.internal/v1/ip/evidence?x=1";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

type Entry = [name: string, value: string | File];
const file = (bytes: Uint8Array = PNG, name = "shot.png", type = "image/png") => new File([bytes], name, { type });

/** The form's wire bytes and Content-Type, as a fresh encoding (its own random boundary) makes them. */
async function encode(entries: Entry[]) {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  const req = new Request(URL_, { method: "POST", body: form });
  return { type: req.headers.get("content-type")!, body: new Uint8Array(await req.arrayBuffer()) };
}

async function fingerprintOf(entries: Entry[]) {
  const { type, body } = await encode(entries);
  return requestFingerprint("POST", URL_, type, body);
}

describe("the idempotency fingerprint of a request", () => {
  it("is the same for one multipart form encoded twice, though the boundaries differ", async () => {
    const entries: Entry[] = [["file", file()], ["title", "Screenshot"]];
    const [a, b] = [await encode(entries), await encode(entries)];
    expect(a.type).not.toBe(b.type);
    expect(a.body).not.toEqual(b.body);
    expect(await requestFingerprint("POST", URL_, a.type, a.body)).toBe(await requestFingerprint("POST", URL_, b.type, b.body));
    // The media type's case does not count either, as the route's parser ignores it.
    expect(await requestFingerprint("POST", URL_, a.type.replace("multipart/form-data", "Multipart/Form-Data"), a.body)).toBe(
      await requestFingerprint("POST", URL_, a.type, a.body),
    );
  });

  it("differs when the form differs: field order, a value, a file's bytes, name or type, a field's name or kind", async () => {
    const base = await fingerprintOf([["file", file()], ["title", "Screenshot"]]);
    const others = await Promise.all(
      (
        [
          [["title", "Screenshot"], ["file", file()]],
          [["file", file()], ["title", "Screenshot!"]],
          [["file", file(new Uint8Array([...PNG.slice(0, -1), 5]))], ["title", "Screenshot"]],
          [["file", file(PNG, "other.png")], ["title", "Screenshot"]],
          [["file", file(PNG, "shot.png", "image/jpeg")], ["title", "Screenshot"]],
          [["file", file()], ["caption", "Screenshot"]],
          [["file", file()], ["title", file(new TextEncoder().encode("Screenshot"), "Screenshot", "")]],
          [["file", file()]],
          [["file", file()], ["title", "Screenshot"], ["title", "Screenshot"]],
          // A value that tries to spell another entry's encoding stays one entry.
          [["file", file()], ["title", 'Screenshot"],["s","title","x']],
        ] as Entry[][]
      ).map(fingerprintOf),
    );
    expect(others).not.toContain(base);
    expect(new Set(others).size).toBe(others.length);
  });

  it("binds the method, path and query, and keeps the raw-bytes fingerprint for other bodies", async () => {
    const json = new TextEncoder().encode('{"url":"https://x.example"}');
    // Exactly the fingerprint it always was: sha256 of "METHOD path?query\n" then the bytes.
    expect(await requestFingerprint("POST", URL_, "application/json", json)).toBe(await sha256Hex(`POST /v1/ip/evidence?x=1\n{"url":"https://x.example"}`));
    expect(await requestFingerprint("POST", URL_, undefined, json)).toBe(await requestFingerprint("POST", URL_, "application/json", json));
    const { type, body } = await encode([["file", file()]]);
    const fp = await requestFingerprint("POST", URL_, type, body);
    expect(await requestFingerprint("PUT", URL_, type, body)).not.toBe(fp);
    expect(await requestFingerprint("POST", "https://ip.internal/v1/ip/evidence?x=2", type, body)).not.toBe(fp);
    expect(await requestFingerprint("POST", "https://ip.internal/v1/ip/other?x=1", type, body)).not.toBe(fp);
  });

  it("falls back to the raw bytes for a multipart body that does not parse (the route answers it 400)", async () => {
    const junk = new TextEncoder().encode("not a multipart body");
    expect(await requestFingerprint("POST", URL_, "multipart/form-data; boundary=abc", junk)).toBe(await sha256Hex(`POST /v1/ip/evidence?x=1\nnot a multipart body`));
    expect(await requestFingerprint("POST", URL_, "multipart/form-data", junk)).toBe(await sha256Hex(`POST /v1/ip/evidence?x=1\nnot a multipart body`));
  });
});
