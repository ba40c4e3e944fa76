/** The chat SDK: `new ChatClient({ baseUrl, roomId, token })`, then `connect()`, `publish()`, `on(...)`. */
import { MessageBody } from "../protocol";
import { ChatClient as CoreClient, type ChatClientOptions } from "./client";

/** Refuses a body the protocol's schema rejects before it is queued (what `PublishError("invalid_frame")` says). */
export function validateBody(body: MessageBody): string | null {
  const parsed = MessageBody.safeParse(body);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "invalid body");
}

/** The client with local validation by the protocol's schema (zod); `./client` alone leaves it to the server. */
export class ChatClient extends CoreClient {
  constructor(opts: ChatClientOptions) {
    super({ validate: validateBody, ...opts });
  }
}
export { PublishError, type ChatClientOptions, type ChatEvents, type ConnectionState, type WebSocketConstructor, type WebSocketLike } from "./client";
export { backoffDelay, type BackoffOptions } from "./backoff";
export { Sequencer } from "./sequencer";
export { messagePin, pinnedListing } from "../pins";
export type { ClientFrame, MessageBody, MessageFrame, Pin, ServerFrame } from "../protocol";
