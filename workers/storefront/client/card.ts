// How the room page asks this origin for a product card. Pure, so it is tested apart from the page.

/**
 * The card request: it follows no redirect (a browser hands back an opaque, not-ok answer), and it says it reads JSON errors, so a console whose session ended
 * answers 401 (consoleSession) instead of a 303 to sign-in that `fetch` would follow and hand over as a "card".
 */
export const CARD_REQUEST: RequestInit = { headers: { accept: "text/html, application/json;q=0.9" }, redirect: "manual" };

/** The card's HTML, or a rejection for anything that is not one (an error, a redirect, a page of another kind). */
export async function cardHtml(res: Response): Promise<string> {
  if (!res.ok || res.redirected || !res.headers.get("content-type")?.startsWith("text/html")) throw new Error(String(res.status));
  return res.text();
}
