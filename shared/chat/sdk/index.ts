/** The chat SDK: `new ChatClient({ baseUrl, roomId, token })`, then `connect()`, `publish()`, `on(...)`. */
export { ChatClient, PublishError, type ChatClientOptions, type ChatEvents, type ConnectionState, type WebSocketConstructor, type WebSocketLike } from "./client";
export { backoffDelay, type BackoffOptions } from "./backoff";
export { Sequencer } from "./sequencer";
export type { ClientFrame, MessageBody, MessageFrame, ServerFrame } from "../protocol";
