import {
  COUNTRY_HEADER,
  INTERNAL_HEADER_PREFIX,
  KEY_KIND_HEADER,
  LOCATION_HEADER,
  TENANT_HEADER,
  ADMIN_HEADER,
  BODY_TOO_LARGE_HEADER,
} from "../../../shared/http/context";
import { ProblemError } from "../../../shared/http/problem";
import { edgeLocation } from "./edge";
import type { KeyRecord } from "./store/keys";

export interface Forward {
  key: KeyRecord | null;
  admin: boolean;
  requestId: string;
  maxBodyBytes: number;
  /** TRUST_CLIENT_LOCATION: client location headers beat `request.cf` (local stack and tests only). */
  trustClientLocation: boolean;
  /**
   * A body over `maxBodyBytes`: refused here as a 413 problem+json (`refuse`, the API's answer), or passed on without
   * it and named in BODY_TOO_LARGE_HEADER (`tell`): the storefront's pages answer a browser's form post in words.
   */
  oversize?: "refuse" | "tell";
}

const tooLarge = (max: number) =>
  new ProblemError(413, "body_too_large", `The request body is larger than the ${max} bytes this API accepts.`);

/** Reads a body of unknown length; null as soon as it passes the limit (the rest is never read). */
async function readBounded(body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Passes a body on as it arrives, erroring the stream (and flagging it) once more than `max` bytes have passed. */
function counting(body: ReadableStream<Uint8Array>, max: number) {
  const state = { over: false };
  let size = 0;
  const stream = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > max) {
          state.over = true;
          controller.error(new Error("request body longer than its Content-Length"));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  return { stream, state };
}

/**
 * Sends the request on to a service with the caller attached. Incoming
 * `x-ecp-*` headers are dropped first, so only the gateway can say who calls.
 */
export async function forward(service: Fetcher, request: Request, f: Forward): Promise<Response> {
  const headers = new Headers();
  for (const [name, value] of request.headers) {
    if (!name.toLowerCase().startsWith(INTERNAL_HEADER_PREFIX)) headers.set(name, value);
  }
  headers.set("x-request-id", f.requestId);
  if (f.key) {
    headers.set(TENANT_HEADER, f.key.tenantId);
    headers.set(KEY_KIND_HEADER, f.key.kind);
  }
  if (f.admin) headers.set(ADMIN_HEADER, "1");
  const where = edgeLocation(request, f.trustClientLocation);
  if (where.country) headers.set(COUNTRY_HEADER, where.country);
  if (where.lat !== undefined) headers.set(LOCATION_HEADER, `${where.lat},${where.lon}`);

  let body: BodyInit | null = null;
  let overflow: { over: boolean } | null = null;
  if (request.body && request.method !== "GET" && request.method !== "HEAD") {
    const declared = Number(request.headers.get("content-length") ?? NaN);
    if (Number.isFinite(declared) && declared <= f.maxBodyBytes) {
      // A declared, in-limit body streams through: held whole, slow uploads' bytes add up in one isolate's 128 MB.
      // Counted on the way, so one longer than it said is cut off rather than carried.
      const counted = counting(request.body, declared);
      body = counted.stream;
      overflow = counted.state;
    } else {
      body = Number.isFinite(declared) ? null : await readBounded(request.body, f.maxBodyBytes);
      if (body === null) {
        if (f.oversize !== "tell") throw tooLarge(f.maxBodyBytes);
        for (const name of ["content-type", "content-length", "transfer-encoding"]) headers.delete(name);
        headers.set(BODY_TOO_LARGE_HEADER, String(f.maxBodyBytes));
      }
    }
  }
  // "manual": a service's redirect (the storefront's 303s) goes back to the client, never followed here.
  let response: Response;
  try {
    response = await service.fetch(new Request(request.url, { method: request.method, headers, body, redirect: "manual" }));
  } catch (err) {
    if (overflow?.over) throw tooLarge(f.maxBodyBytes);
    // The service threw (over its CPU or memory, or unreachable): a 503 a client can back off from, not an opaque 500.
    console.error("service call failed", err);
    throw new ProblemError(503, "service_unavailable", "A service behind the gateway is unavailable; try again shortly.", undefined, { "retry-after": "1" });
  }
  // A body longer than its Content-Length: whatever the service made of the cut-off stream is not the answer.
  if (overflow?.over) {
    await response.body?.cancel();
    throw tooLarge(f.maxBodyBytes);
  }
  if (response.status === 101) {
    return new Response(null, { status: 101, webSocket: response.webSocket, headers: { "x-request-id": f.requestId } });
  }
  // Service responses have immutable headers; copy so the gateway can add its own.
  return new Response(response.body, response);
}
