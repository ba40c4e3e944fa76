import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { decodeCursor, encodeCursor } from "../../../../shared/cursor";
import type { ServiceEnv } from "../../../../shared/http/service";

/** The ip service's Hono app type, for route modules. */
export type IpApp = OpenAPIHono<ServiceEnv<Env>>;

const CursorValue = z.object({ after: z.string() });

/** The id to page after, from an opaque cursor. */
export const afterOf = (cursor?: string) => (cursor ? decodeCursor(cursor, CursorValue).after : undefined);

/** The list envelope: fetch `limit + 1` rows, and the extra one says there is a next page, its cursor `cursorOf` the last row shown. */
export function pageBy<T>(rows: T[], limit: number, cursorOf: (last: T) => unknown) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}

/** The list envelope of rows paged by id. */
export const page = <T extends { id: string }>(rows: T[], limit: number) => pageBy(rows, limit, (last) => ({ after: last.id }));
