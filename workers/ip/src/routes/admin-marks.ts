import { createRoute, z } from "@hono/zod-openapi";
import { zodFieldErrors } from "../../../../shared/http/app";
import { ProblemError } from "../../../../shared/http/problem";
import { requireAdmin } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import { parseCsv } from "../domain/csv";
import { mediaType } from "../media-type";
import { MarksImportSchema } from "../schemas/clearance";
import { db } from "../store/db";
import { importMarks } from "../store/register";
import type { IpApp } from "./app";

/** A CSV row as the JSON item it stands for: list columns split on `;`, `|` or spaces. */
const fromCsvRow = (row: Record<string, string>) => {
  const list = (v?: string) => (v ? v.split(/[;| ]+/).filter(Boolean) : undefined);
  return {
    ...row,
    niceClasses: list(row.niceClasses)?.map(Number) ?? [],
    designations: list(row.designations),
    status: row.status || undefined,
  };
};

const route = createRoute({
  method: "post",
  path: "/v1/admin/marks",
  operationId: "importMarks",
  tags: ["IP admin"],
  summary: "Import third-party marks into the reference register (JSON or text/csv), idempotent by jurisdiction and registration number; refused whole (409) past the register's size cap",
  middleware: [requireAdmin()],
  request: {
    // Not `required`: the JSON validator would then reject CSV; the handler validates both forms itself.
    body: {
      content: {
        "application/json": { schema: MarksImportSchema },
        "text/csv": { schema: z.string().openapi({ example: "name,owner,jurisdiction,niceClasses,registrationNumber,status,designations\nNike,Nike Inc.,US,25;28,978952,registered," }) },
      },
    },
  },
  responses: {
    200: { description: "Counts", content: { "application/json": { schema: z.object({ imported: z.number().int(), updated: z.number().int() }) } } },
    ...problemResponses(400, 401, 409, 415),
  },
});

export function registerAdminMarks(app: IpApp) {
  app.openapi(route, async (c) => {
    const type = mediaType(c.req.header("content-type"));
    let body: unknown;
    if (type === "text/csv") {
      const rows = parseCsv(await c.req.text());
      if (!rows) throw new ProblemError(400, "malformed_csv", "The CSV has an unterminated quoted field.");
      body = { items: rows.map(fromCsvRow) };
    } else if (type === "application/json") {
      body = await c.req.json().catch(() => {
        throw new ProblemError(400, "malformed_json", "The request body is not valid JSON.");
      });
    } else {
      throw new ProblemError(415, "unsupported_media_type", "Send the marks as application/json or text/csv.");
    }
    const parsed = MarksImportSchema.safeParse(body);
    if (!parsed.success) throw new ProblemError(400, "validation_failed", "Some marks are invalid; nothing was imported.", zodFieldErrors(parsed.error));
    const items = parsed.data.items.map((m) => ({ ...m, designations: m.designations ?? [] }));
    const result = await importMarks(db(c.env.DB), items);
    if ("full" in result) {
      const { cap, holds, adding } = result.full;
      throw new ProblemError(
        409,
        "register_full",
        `The reference register holds at most ${cap} marks (every isolate keeps it in memory); it holds ${holds} and this import would add ${adding}. Nothing was imported; send at most ${Math.max(0, cap - holds)} new marks (updates of marks it holds do not count).`,
      );
    }
    return c.json(result, 200);
  });
}
