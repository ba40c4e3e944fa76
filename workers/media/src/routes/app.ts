import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ServiceEnv } from "../../../../shared/http/service";

/** The media service's Hono app type, for route modules. */
export type MediaApp = OpenAPIHono<ServiceEnv<Env>>;

export const TAGS = ["Media"];
