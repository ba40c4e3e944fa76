import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ConsoleMessages } from "../../i18n/console/en";
import type { SfEnv } from "../../types";
import { ProblemPage } from "../../views/console";

/** One console area's problem page: its usual title, the way back, and the statuses the seller can act on. */
interface Area {
  title: (t: ConsoleMessages) => string;
  back: (t: ConsoleMessages) => { href: string; label: string };
  /** Statuses kept as they came; any other answer from the API is the console's 503 (it could not show the page). */
  kept?: readonly number[];
}

/**
 * The page that only says why something of `area` cannot be shown, with the way back: one builder, so every
 * area maps the API's status the same way.
 */
export function problemPageFor(area: Area) {
  const kept = area.kept ?? [400, 404];
  return (c: Context<SfEnv>, detail: string, status: number, title?: string) => {
    const ui = c.get("ui");
    c.status((kept.includes(status) ? status : 503) as ContentfulStatusCode);
    return c.html(<ProblemPage ui={ui} title={title ?? area.title(ui.t)} detail={detail} back={area.back(ui.t)} />);
  };
}

/** The status of a page for a thing the API would not give: a malformed id (400) is as missing as an unknown one (404). */
export const missingStatus = (apiStatus: number): 404 | 503 => (apiStatus === 404 || apiStatus === 400 ? 404 : 503);
