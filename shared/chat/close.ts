// Close codes live apart from the zod schemas so a browser bundle can use the SDK without zod.

/** WebSocket close codes the server uses; the SDK stops reconnecting on the permanent ones. */
export const CLOSE = {
  tokenExpired: 4001,
  removed: 4003,
  roomGone: 4004,
  /** The user opened more than `MAX_SOCKETS_PER_USER` connections to the room: the oldest is closed. */
  tooManyConnections: 4008,
} as const;
