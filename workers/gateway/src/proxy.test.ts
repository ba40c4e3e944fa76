import { describe, expect, it } from "vitest";
import { forward } from "./proxy";

/** A service binding that records what reached it. */
function recorder() {
  const seen: Request[] = [];
  const fetcher = { fetch: async (req: Request) => (seen.push(req), new Response("ok")) } as unknown as Fetcher;
  return { fetcher, seen };
}

const key = { keyId: "key_1", tenantId: "ten_A", kind: "publishable" as const, plan: "standard" as const };

describe("forwarding to a service", () => {
  it("drops every incoming x-ecp-* header and sets the authenticated tenant", async () => {
    const { fetcher, seen } = recorder();
    const incoming = new Request("https://api.example.com/v1/catalog/listings", {
      headers: { "x-ecp-tenant": "ten_B", "x-ecp-key-kind": "secret", "x-ecp-admin": "1", "X-ECP-Other": "y", accept: "application/json" },
    });
    await forward(fetcher, incoming, { key, admin: false, requestId: "r1", maxBodyBytes: 100, trustClientLocation: false });
    const h = seen[0]!.headers;
    expect(h.get("x-ecp-tenant")).toBe("ten_A");
    expect(h.get("x-ecp-key-kind")).toBe("publishable");
    expect(h.get("x-ecp-admin")).toBeNull();
    expect(h.get("x-ecp-other")).toBeNull();
    expect(h.get("accept")).toBe("application/json");
    expect(h.get("x-request-id")).toBe("r1");
  });

  it("asks the service not to follow its redirects, so a 303 reaches the client", async () => {
    const { fetcher, seen } = recorder();
    await forward(fetcher, new Request("https://api.example.com/console/listings/new"), { key: null, admin: false, requestId: "r1", maxBodyBytes: 100, trustClientLocation: false });
    expect(seen[0]!.redirect).toBe("manual");
  });

  it("passes no tenant at all when no key authenticated the request", async () => {
    const { fetcher, seen } = recorder();
    await forward(fetcher, new Request("https://x/v1/chat/rooms/r/messages?token=t", { headers: { "x-ecp-tenant": "ten_B" } }), {
      key: null,
      admin: false,
      requestId: "r2",
      maxBodyBytes: 100,
      trustClientLocation: false,
    });
    expect(seen[0]!.headers.get("x-ecp-tenant")).toBeNull();
  });

  it("refuses bodies over the limit whether or not they declare a length", async () => {
    const { fetcher, seen } = recorder();
    const opts = { key, admin: false, requestId: "r3", maxBodyBytes: 10, trustClientLocation: false };
    await expect(forward(fetcher, new Request("https://x/v1/a", { method: "POST", body: "x".repeat(11) }), opts)).rejects.toMatchObject({ status: 413 });
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("x".repeat(8)));
        c.enqueue(new TextEncoder().encode("x".repeat(8)));
        c.close();
      },
    });
    const chunked = new Request("https://x/v1/a", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    await expect(forward(fetcher, chunked, opts)).rejects.toMatchObject({ status: 413 });
    expect(seen).toHaveLength(0);
    await forward(fetcher, new Request("https://x/v1/a", { method: "POST", body: "x".repeat(10) }), opts);
    expect(await seen[0]!.text()).toBe("x".repeat(10));
  });

  it("takes the buyer's country and location from explicit headers where the deployment trusts them", async () => {
    const { fetcher, seen } = recorder();
    await forward(fetcher, new Request("https://x/v1/a", { headers: { "x-country": "jp", "x-location": "35.68,139.69" } }), {
      key,
      admin: false,
      requestId: "r4",
      maxBodyBytes: 10,
      trustClientLocation: true,
    });
    expect(seen[0]!.headers.get("x-ecp-country")).toBe("JP");
    expect(seen[0]!.headers.get("x-ecp-location")).toBe("35.68,139.69");
  });

  it("ignores client location headers by default: request.cf decides", async () => {
    const { fetcher, seen } = recorder();
    const fromRiyadh = new Request("https://x/v1/catalog/listings", {
      headers: { "x-country": "DE", "cf-ipcountry": "DE", "x-location": "52.52,13.40" },
      cf: { country: "SA", latitude: "24.71", longitude: "46.68" },
    } as RequestInit);
    await forward(fetcher, fromRiyadh, { key, admin: false, requestId: "r5", maxBodyBytes: 10, trustClientLocation: false });
    expect(seen[0]!.headers.get("x-ecp-country")).toBe("SA");
    expect(seen[0]!.headers.get("x-ecp-location")).toBe("24.71,46.68");
  });

  it("passes an oversized page post on without its body, naming the limit, when told to", async () => {
    const { fetcher, seen } = recorder();
    const opts = { key: null, admin: false, requestId: "r6", maxBodyBytes: 10, trustClientLocation: false, oversize: "tell" as const };
    const declared = new Request("https://x/console/evidence", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=b", "x-ecp-body-too-large": "1" }, body: "x".repeat(11) });
    await forward(fetcher, declared, opts);
    const stream = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode("x".repeat(16))), c.close()) });
    await forward(fetcher, new Request("https://x/console/evidence", { method: "POST", body: stream, duplex: "half" } as RequestInit), opts);
    await forward(fetcher, new Request("https://x/console/evidence", { method: "POST", body: "x".repeat(10) }), opts);
    const [first, second, within] = seen;
    for (const r of [first!, second!]) {
      expect(r.headers.get("x-ecp-body-too-large")).toBe("10");
      expect(r.headers.get("content-type")).toBeNull();
      expect(await r.text()).toBe("");
      expect(r.method).toBe("POST");
    }
    expect(within!.headers.get("x-ecp-body-too-large")).toBeNull();
    expect(await within!.text()).toBe("x".repeat(10));
  });

  it("streams a declared, in-limit body to the service as it arrives, without reading it whole first", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let pulls = 0;
    // The second half exists only once the service has the request: a gateway that buffered first would never call it.
    const slow = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (pulls++ === 0) return c.enqueue(new TextEncoder().encode("x".repeat(8)));
        await gate;
        c.enqueue(new TextEncoder().encode("y".repeat(8)));
        c.close();
      },
    });
    const fetcher = { fetch: async (req: Request) => (release(), new Response(await req.text())) } as unknown as Fetcher;
    const request = new Request("https://x/ask", { method: "POST", headers: { "content-length": "16" }, body: slow, duplex: "half" } as RequestInit);
    const opts = { key: null, admin: false, requestId: "r7", maxBodyBytes: 100, trustClientLocation: false, oversize: "tell" as const };
    const answered = await Promise.race([forward(fetcher, request, opts), new Promise<null>((r) => setTimeout(() => r(null), 2000))]);
    expect(answered).not.toBeNull();
    expect(await answered!.text()).toBe("x".repeat(8) + "y".repeat(8));
  });

  it("cuts off a streamed body longer than its Content-Length and answers 413, whatever the service made of it", async () => {
    const fetcher = { fetch: async (req: Request) => new Response(await req.text().catch(() => "broken"), { status: 400 }) } as unknown as Fetcher;
    for (const oversize of ["refuse", "tell"] as const) {
      const lying = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode("x".repeat(16))), c.close()) });
      const request = new Request("https://x/v1/a", { method: "POST", headers: { "content-length": "4" }, body: lying, duplex: "half" } as RequestInit);
      await expect(forward(fetcher, request, { key, admin: false, requestId: "r8", maxBodyBytes: 10, trustClientLocation: false, oversize })).rejects.toMatchObject({ status: 413 });
    }
  });

  it("answers a service that throws with 503 and Retry-After, not an opaque 500", async () => {
    const fetcher = { fetch: async () => Promise.reject(new Error("Worker exceeded CPU time limit.")) } as unknown as Fetcher;
    const err = await forward(fetcher, new Request("https://x/v1/catalog/listings"), { key, admin: false, requestId: "r9", maxBodyBytes: 10, trustClientLocation: false }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 503, code: "service_unavailable", headers: { "retry-after": "1" } });
  });
});
