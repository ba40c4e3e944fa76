import type { OpenAPIHono } from "@hono/zod-openapi";

/** The gateway's Hono environment: its bindings and what middleware leaves on the context. */
export type GatewayEnv = { Bindings: Env; Variables: { requestId: string } };
export type GatewayApp = OpenAPIHono<GatewayEnv>;
