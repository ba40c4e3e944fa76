/** The pin rule and the room's pin cap live with the protocol, so the room and the pages that show pins apply the same ones. */
export { MAX_PINS, messagePin } from "../../../../shared/chat/pins";
