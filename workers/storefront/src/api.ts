import { createClient, type Client } from "../../../shared/client";
import type { components } from "../../../shared/client";
import type { Context } from "hono";
import type { SfEnv } from "./types";

export type Problem = components["schemas"]["Problem"];

/**
 * The platform's API as any storefront sees it: through the gateway (its auth, limits and logs),
 * here over the `API` service binding instead of the internet. `headers` carry what the buyer's
 * request said about them (language, country, location); the gateway decides what to trust.
 */
export function apiClient(env: Env, key: string, headers: Record<string, string> = {}): Client {
  return createClient({ baseUrl: "https://gateway", key, headers, fetch: ((req: Request) => env.API.fetch(req)) as typeof fetch });
}

/**
 * `env` with its `API` binding rewriting each request first: how a middleware makes every call made while
 * serving one visitor carry what the edge established about them (their address, their location).
 */
export function decorateApi(env: Env, edit: (request: Request) => Request): Env {
  const api = env.API;
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => api.fetch(edit(new Request(input, init)));
  const connect = (address: SocketAddress | string, options?: SocketOptions) => api.connect(address, options);
  return { ...env, API: { fetch, connect } as Fetcher };
}

/** A problem to show when the API answered with something else (or nothing): never a stack trace. */
export function asProblem(error: unknown, status: number): Problem {
  if (error && typeof error === "object" && typeof (error as Problem).detail === "string") return error as Problem;
  return { type: "about:blank", title: "Error", status, code: "unexpected", detail: `The platform answered ${status}.` };
}

/**
 * What to show beside one field (matched by the problem's `errors[].path`): the problem's `detail`
 * when the field is the one it names, that field's own message when it names several or when the
 * problem is a schema validation failure (whose detail only says the body is invalid).
 */
export function fieldError(problem: Problem | undefined, ...paths: string[]): string | undefined {
  const errors = problem?.errors ?? [];
  const hit = errors.find((e) => paths.some((p) => e.path === p || e.path.startsWith(`${p}.`) || e.path === `body.${p}` || e.path.startsWith(`body.${p}.`)));
  if (!hit) return undefined;
  if (errors.length > 1) return `${hit.message} (${hit.path})`;
  return problem!.code === "validation_failed" ? hit.message : problem!.detail;
}

/** The API as the signed-in seller: the session's secret key, used on the server only (console routes sit behind the session check). */
export const sellerApi = (c: Context<SfEnv>, headers?: Record<string, string>) => apiClient(c.env, c.get("session")!.key, headers);
