import type { Caller } from "../../../shared/http/context";
import type { LOG_TENANT } from "../../../shared/http/log";
import type { OpenAPIHono } from "@hono/zod-openapi";

/** The gateway's Hono environment: its bindings and what middleware leaves on the context. */
export type GatewayEnv = { Bindings: Env; Variables: { requestId: string; [LOG_TENANT]?: Caller } };
export type GatewayApp = OpenAPIHono<GatewayEnv>;
