import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_PINS, messagePin } from "../../../shared/chat/pins";
import type { MessageBody, MessageFrame, Role } from "../../../shared/chat/protocol";
import { pinOnPage, pinsDropped } from "../client/room-pins";

// The live page's pins for a room whose `hello` names none (one from before rooms kept them): rebuilt from the messages
// the tail replays. A message recording its sender's role pins as the room itself would; only one without a role is
// guessed by the host's id.
const HOST = "seller";
const LISTING = "lst_00000000000000000000000001";
const product: MessageBody = { kind: "product", listingId: LISTING };
const msg = (seq: number, from: string, body: MessageBody | null, role?: Role): Pick<MessageFrame, "seq" | "from" | "role" | "body"> => ({ seq, from, body, ...(role ? { role } : {}) });

describe("the live page's pin from a message", () => {
  it("follows the role a message records, whoever sent it", () => {
    // A host who is not the page's hostId (another seller account, a co-host) pins.
    expect(pinOnPage(msg(3, "b_cohost", product, "host"), HOST, 0)).toBe(LISTING);
    // The hostId's user posting as a member or moderator (a token minted for another role) does not.
    expect(pinOnPage(msg(4, HOST, product, "member"), HOST, 0)).toBeNull();
    expect(pinOnPage(msg(5, HOST, product, "moderator"), HOST, 0)).toBeNull();
    expect(pinOnPage(msg(6, HOST, product, "host"), HOST, 0)).toBe(LISTING);
  });

  it("guesses by the host's id only for a message stored before rooms recorded roles", () => {
    expect(pinOnPage(msg(3, HOST, product), HOST, 0)).toBe(LISTING);
    expect(pinOnPage(msg(4, "b_viewer", product), HOST, 0)).toBeNull();
    expect(pinOnPage(msg(5, HOST, { kind: "text", text: LISTING }), HOST, 0)).toBeNull();
    expect(pinOnPage(msg(6, HOST, null), HOST, 0)).toBeNull();
  });

  it("leaves messages up to the last hello's pins to those pins", () => {
    expect(pinOnPage(msg(7, HOST, product, "host"), HOST, 7)).toBeNull();
    expect(pinOnPage(msg(7, HOST, product), HOST, 7)).toBeNull();
    expect(pinOnPage(msg(8, HOST, product, "host"), HOST, 7)).toBe(LISTING);
  });

  it("is the room's rule (messagePin) for every message with a role past pinnedUpTo, whatever the page's hostId", () => {
    const role = fc.constantFrom<Role>("member", "host", "moderator");
    const from = fc.constantFrom(HOST, "b_viewer", "b_cohost");
    const body = fc.oneof(fc.constant(null), fc.constant(product), fc.constant<MessageBody>({ kind: "text", text: "hi" }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), from, role, body, fc.constantFrom(HOST, "b_viewer"), (seq, sender, r, b, hostId) => {
        const m = msg(seq, sender, b, r);
        expect(pinOnPage(m, hostId, seq - 1)).toBe(messagePin(m));
      }),
    );
  });
});

describe("the live page's pins past the room's cap", () => {
  /** The page's list after each pin: what pinsDropped says goes, then the pin in front. */
  const onPage = (listings: string[], max?: number) =>
    listings.reduce<string[]>((shown, id) => {
      const dropped = new Set(pinsDropped(shown, id, max));
      return [id, ...shown.filter((x) => x !== id && !dropped.has(x))];
    }, []);

  it(`keeps the newest ${MAX_PINS}, as the room does, when a long replay pins more`, () => {
    const replayed = Array.from({ length: MAX_PINS + 10 }, (_, i) => `lst_${String(i).padStart(26, "0")}`);
    expect(onPage(replayed)).toEqual(replayed.slice(10).reverse());
    // Pinned again, a listing moves up and nothing else drops.
    expect(pinsDropped(replayed.slice(10).reverse(), replayed[10]!)).toEqual([]);
  });

  it("is the room's rule for any sequence: the newest distinct listings, newest first, at most the cap", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f"), { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (listings, max) => {
        const room: string[] = [];
        for (const id of [...listings].reverse()) if (!room.includes(id)) room.push(id);
        expect(onPage(listings, max)).toEqual(room.slice(0, max));
      }),
    );
  });
});
