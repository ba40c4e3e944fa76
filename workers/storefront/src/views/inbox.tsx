import type { ConsoleUi } from "../i18n/console";

/**
 * The filter above a console list: a plain GET form (works without JavaScript) choosing one value
 * of `name`, or all of them.
 */
export function ListFilter(p: { ui: ConsoleUi; action: string; name: string; label: string; allLabel: string; value?: string; options: { value: string; label: string }[] }) {
  const id = `filter-${p.name}`;
  return (
    <form method="get" action={p.action} class="filters">
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name}>
        <option value="">{p.allLabel}</option>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit">{p.ui.t.show}</button>
    </form>
  );
}

/** The link to a list's next page (same filter, the API's opaque cursor) and back to its first. */
export function Pager(p: { ui: ConsoleUi; action: string; params: Record<string, string | undefined>; nextCursor?: string | null; paged: boolean }) {
  const query = (extra: Record<string, string>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...p.params, ...extra })) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `${p.action}?${s}` : p.action;
  };
  if (!p.nextCursor && !p.paged) return null;
  return (
    <nav class="pager" aria-label={p.ui.t.nextPage}>
      {p.paged && <a href={query({})}>{p.ui.t.firstPage}</a>}
      {p.nextCursor && (
        <a href={query({ cursor: p.nextCursor })} rel="next">
          {p.ui.t.nextPage}
        </a>
      )}
    </nav>
  );
}

/** An API enum value from the query, or undefined when it is not one (the list then shows all). */
export const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined => (values as readonly string[]).includes(v ?? "") ? (v as T) : undefined;
