// Close codes live apart from the zod schemas so a browser bundle can use the SDK without zod.

/** WebSocket close codes the server uses; the SDK stops reconnecting on the permanent ones. */
export const CLOSE = {
  /** The socket broke the frame rules (binary frames, or flooding past its budget): reconnecting is allowed, with backoff. */
  policy: 1008,
  /** The socket sent a frame over MAX_FRAME_BYTES. */
  tooBig: 1009,
  tokenExpired: 4001,
  removed: 4003,
  roomGone: 4004,
  /**
   * The token does not open the room: not valid, for another room, or a direct room's non-member. Like `removed` and
   * `roomGone`, sent at connect to clients from protocol 3 in place of the HTTP refusal (which a browser reports as
   * 1006, indistinguishable from a network failure); the close reason names the problem's code.
   */
  notAllowed: 4009,
  /** The user opened more than `MAX_SOCKETS_PER_USER` connections to the room: the oldest is closed. */
  tooManyConnections: 4008,
} as const;
