import type { Child } from "hono/jsx";

/**
 * A console list as a table: named for screen readers by its caption or by the heading it sits under,
 * one column header per label, and in place of the table the API's problem when it could not be read,
 * or the empty message when there is nothing to show. Each page renders its own rows (`<tr>` with the
 * data attributes its tests and scripts look for).
 */
export function DataTable<T>(p: { columns: string[]; rows: readonly T[] | undefined; row: (item: T) => Child; problem?: string; empty?: string; caption?: string; labelledBy?: string }) {
  if (!p.rows) return <p class="bad">{p.problem}</p>;
  if (p.rows.length === 0 && p.empty) return <p class="muted">{p.empty}</p>;
  return (
    <table aria-labelledby={p.labelledBy}>
      {p.caption && <caption class="muted">{p.caption}</caption>}
      <thead>
        <tr>
          {p.columns.map((label) => (
            <th scope="col">{label}</th>
          ))}
        </tr>
      </thead>
      <tbody>{p.rows.map(p.row)}</tbody>
    </table>
  );
}
