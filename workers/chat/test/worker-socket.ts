import type { WebSocketLike } from "../../../shared/chat/sdk/client";
import { fetchWorker } from "./helpers";

/**
 * The SDK's WebSocket, connected in-process to this Worker: the real `ChatClient` against the real rooms and shards,
 * with nothing mocked in between. A refused upgrade closes with 1006, as a browser's socket would.
 */
export class WorkerSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  private ws: WebSocket | null = null;

  constructor(url: string) {
    void fetchWorker(new Request(url.replace(/^ws/, "http"), { headers: { upgrade: "websocket" } })).then((res) => {
      const ws = res.webSocket;
      if (!ws || this.readyState === 3) return this.closed(1006, `upgrade refused: ${res.status}`);
      ws.accept();
      this.ws = ws;
      ws.addEventListener("message", (e) => this.onmessage?.({ data: e.data }));
      ws.addEventListener("close", (e) => this.closed(e.code, e.reason));
      this.readyState = 1;
      this.onopen?.({});
    });
  }

  send(data: string): void {
    this.ws!.send(data);
  }

  close(code?: number, reason?: string): void {
    this.readyState = 3;
    this.ws?.close(code, reason);
  }

  private closed(code: number, reason: string): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}
