// Live-room viewers that cost little each: plain `ws` clients spread over worker threads, counting the
// `seq` of every message frame straight from the received bytes (no string, no object per frame). A few
// probe viewers per thread parse their frames fully to time publish → deliver. Every viewer reconnects on
// its own after a drop (full jitter within `stormMs`), resumes after the last seq it holds, and follows
// `page` frames to the end, as the SDK does.
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import WebSocket from "ws";

const MESSAGE = Buffer.from('{"type":"message","seq":');
const SEQ = Buffer.from('"seq":');

/** Reads the decimal integer at `at` in `buf`. */
function intAt(buf, at) {
  let n = 0;
  for (let i = at; i < buf.length; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  return n;
}

function viewerThread({ url, viewers, maxSeq, stormMs, probeEvery, connectConcurrency }) {
  const n = viewers.length;
  // seen[v * (maxSeq + 1) + seq] = 1: which messages each viewer holds, without an object per viewer.
  const seen = new Uint8Array(n * (maxSeq + 1));
  const contiguous = new Int32Array(n);
  const sockets = new Array(n).fill(null);
  const live = new Uint8Array(n);
  const hellos = new Uint8Array(n);
  let unique = 0;
  let duplicates = 0;
  let connectFailures = 0;
  let reconnects = 0;
  let closedByServer = 0;
  const latencies = [];
  const queue = [];
  let connecting = 0;
  let stopping = false;

  const advance = (v) => {
    const base = v * (maxSeq + 1);
    let c = contiguous[v];
    while (c < maxSeq && seen[base + c + 1]) c++;
    contiguous[v] = c;
  };

  const accept = (v, seq) => {
    if (seq < 1 || seq > maxSeq) return;
    const i = v * (maxSeq + 1) + seq;
    if (seen[i]) return void duplicates++;
    seen[i] = 1;
    unique++;
    if (seq === contiguous[v] + 1) advance(v);
  };

  const pump = () => {
    while (connecting < connectConcurrency && queue.length > 0) open(queue.shift());
  };

  const retry = (v, delay) => {
    if (stopping) return;
    setTimeout(() => (queue.push(v), pump()), delay);
  };

  function open(v) {
    connecting++;
    let opened = false;
    const ws = new WebSocket(`${url}&token=${encodeURIComponent(viewers[v].token)}`, { perMessageDeflate: false });
    sockets[v] = ws;
    const probe = v % probeEvery === 0;
    ws.on("open", () => {
      opened = true;
      connecting--;
      pump();
    });
    ws.on("message", (buf) => {
      if (buf.length >= MESSAGE.length && buf.compare(MESSAGE, 0, MESSAGE.length, 0, MESSAGE.length) === 0) {
        const seq = intAt(buf, MESSAGE.length);
        accept(v, seq);
        if (probe) {
          const sentAt = Number(/"text":"t:(\d+)/.exec(buf.toString())?.[1]);
          if (sentAt) latencies.push(Date.now() - sentAt);
        }
        return;
      }
      // Control frames are rare (hello, page, synced, errors): these are parsed.
      const frame = JSON.parse(buf.toString());
      if (frame.type === "hello") {
        live[v] = 1;
        // A returning viewer asks for what it missed; a new one starts at the room's head.
        if (hellos[v]) ws.send(JSON.stringify({ type: "resume", afterSeq: contiguous[v] }));
        hellos[v] = 1;
      } else if (frame.type === "page") {
        ws.send(JSON.stringify({ type: "resume", afterSeq: Math.max(contiguous[v], frame.seq) }));
      }
    });
    ws.on("error", () => {});
    ws.on("close", (code) => {
      if (!opened) {
        connecting--;
        connectFailures++;
        pump();
      } else closedByServer++;
      live[v] = 0;
      sockets[v] = null;
      if (stopping) return;
      reconnects++;
      // Full jitter: a whole audience dropped at once comes back spread over `stormMs`.
      // A refused attempt (the runtime still restarting, or busy) retries sooner: 250 ms to 1 s.
      retry(v, opened ? Math.random() * stormMs : 250 + Math.random() * 750);
    });
  }

  parentPort.on("message", (msg) => {
    if (msg.type === "connect") {
      for (let v = 0; v < n; v++) queue.push(v);
      pump();
    } else if (msg.type === "stats") {
      let connected = 0;
      let complete = 0;
      for (let v = 0; v < n; v++) {
        connected += live[v];
        if (contiguous[v] >= msg.upTo) complete++;
      }
      parentPort.postMessage({ type: "stats", id: msg.id, connected, complete, unique, duplicates, connectFailures, reconnects, closedByServer, latencies: latencies.splice(0) });
    } else if (msg.type === "close") {
      stopping = true;
      for (const ws of sockets) ws?.terminate();
      parentPort.postMessage({ type: "closed" });
    }
  });
}

if (!isMainThread && workerData?.role === "viewers") viewerThread(workerData);

/**
 * Starts `threads` worker threads sharing `viewers` (`{ token }` each) of the room at `url`
 * (`ws://…/connect?x=1`: the token is appended). `stats(upTo)` sums what the threads hold: viewers
 * connected, viewers holding every message 1..upTo, unique deliveries, duplicates, probe latencies.
 */
export function startViewers({ url, viewers, threads, maxSeq, stormMs = 5000, probeEvery = 200, connectConcurrency = 64 }) {
  const workers = [];
  const per = Math.ceil(viewers.length / threads);
  for (let t = 0; t < threads; t++) {
    const slice = viewers.slice(t * per, (t + 1) * per);
    if (slice.length === 0) continue;
    workers.push(new Worker(new URL(import.meta.url), { workerData: { role: "viewers", url, viewers: slice, maxSeq, stormMs, probeEvery, connectConcurrency } }));
  }
  let ids = 0;
  const ask = (w, msg, type) =>
    new Promise((resolve) => {
      const id = ++ids;
      const on = (m) => m.type === type && (m.id === undefined || m.id === id) && (w.off("message", on), resolve(m));
      w.on("message", on);
      w.postMessage({ ...msg, id });
    });
  return {
    connect: () => workers.forEach((w) => w.postMessage({ type: "connect" })),
    async stats(upTo) {
      const all = await Promise.all(workers.map((w) => ask(w, { type: "stats", upTo }, "stats")));
      const sum = (k) => all.reduce((a, s) => a + s[k], 0);
      return {
        connected: sum("connected"),
        complete: sum("complete"),
        unique: sum("unique"),
        duplicates: sum("duplicates"),
        connectFailures: sum("connectFailures"),
        reconnects: sum("reconnects"),
        closedByServer: sum("closedByServer"),
        latencies: all.flatMap((s) => s.latencies),
      };
    },
    async close() {
      await Promise.all(workers.map((w) => ask(w, { type: "close" }, "closed")));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
