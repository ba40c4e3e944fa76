import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { decodeCursor, encodeCursor } from "../../../../shared/cursor";
import type { ServiceEnv } from "../../../../shared/http/service";

/** The ip service's Hono app type, for route modules. */
export type IpApp = OpenAPIHono<ServiceEnv<Env>>;

const CursorValue = z.object({ after: z.string() });

/** The id to page after, from an opaque cursor. */
export const afterOf = (cursor?: string) => (cursor ? decodeCursor(cursor, CursorValue).after : undefined);

/** The list envelope: fetch `limit + 1` rows, and the extra one says there is a next page. */
export function page<T extends { id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ after: last.id }) : null };
}
