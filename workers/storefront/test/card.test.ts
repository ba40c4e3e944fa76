import { describe, expect, it } from "vitest";
import { CARD_REQUEST, cardHtml } from "../client/card";
import { call, json, listing, signedIn } from "./helpers";

const ID = "lst_01JAAAAAAAAAAAAAAAAAAAAAAA";
const catalog = () => json(listing());

describe("a product card as the room page asks for it", () => {
  it("is the card's HTML for a buyer and a signed-in seller", async () => {
    const buyer = await call(`/chat/card/${ID}`, CARD_REQUEST, catalog);
    expect(await cardHtml(buyer)).toContain(`data-listing="${ID}"`);
    const seller = await call(`/console/chat/card/${ID}`, { ...CARD_REQUEST, headers: { ...(CARD_REQUEST.headers as Record<string, string>), ...(await signedIn()) } }, catalog);
    expect(await cardHtml(seller)).toContain(`data-listing="${ID}"`);
  });

  it("is refused, never the sign-in page, once the console session has ended", async () => {
    const ended = await call(`/console/chat/card/${ID}`, CARD_REQUEST, catalog);
    expect(ended.status).toBe(401); // not a 303 to sign-in, which fetch would follow to a 200 page
    await expect(cardHtml(ended)).rejects.toThrow("401");
    await expect(cardHtml(new Response("<!doctype html><h1>Sign in</h1>", { headers: { "content-type": "application/json" } }))).rejects.toThrow();
    expect(CARD_REQUEST.redirect).toBe("manual");
  });
});
