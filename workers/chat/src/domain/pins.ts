/** Pins a room keeps, newest first: a long show's host pins a product now and then, and older pins drop off past this. */
export const MAX_PINS = 50;

/** The pin rule lives with the protocol, so the room and the clients that read history apply the same one. */
export { messagePin } from "../../../../shared/chat/pins";
