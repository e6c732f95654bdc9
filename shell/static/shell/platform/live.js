// Live updates: one websocket per page (/ws/live/), shared by every micro-app.
//
//   const stop = live.subscribe("orders:me", (message) => …, { onResync: refetch });
//   // in unmount: stop();
//
// The client remembers the last seq it applied per topic. After a reconnect it subscribes
// again with `since`, so the server sends what was missed (or `resync` when too much was);
// a message whose seq was already applied is dropped, so handlers see each one once, in order.
// Reconnects back off with full jitter (0.5 s doubling to 15 s). When a websocket cannot be
// opened twice in a row it falls back to long polling (/live/poll, same messages, same
// resume) and tries the websocket again every minute. The websocket is for signed-in users;
// anonymous visitors (public topics only) always long-poll. The protocol is in the README and
// at /live/schema.json.
//
// A page's private topics ("orders:me") are its user's only: the socket and every poll name the
// page's account, and the server refuses them (close 4401, poll 401) once the session has
// ended or belongs to someone else. A 4401 on a socket that was live may be a new session of the
// same user: the client reconnects once at once; refused again, the session is over for this
// page, its private topics are told so (onError, sign_in_required) and the public ones go on by
// long polling.
import { currentUser } from "./auth.js";
import { backoff } from "./backoff.js";

const SOCKET_PATH = "/ws/live/";
const POLL_PATH = "/live/poll";
const POLL_WAIT_S = 25;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 15000;
const FAILURES_BEFORE_POLLING = 2;
const SOCKET_RETRY_WHILE_POLLING_MS = 60000;
const HELLO_TIMEOUT_MS = 10000; // a socket that opens but says nothing (a proxy in the way) failed
const PUBLIC_TOPICS = new Set(["stock", "registry"]);
const SESSION_ENDED_CODE = 4401;
const SESSION_ENDED = { code: "sign_in_required", detail: "your session has ended: sign in again" };

// "idle": nothing followed; "connecting"; "live": websocket; "polling": long-poll fallback;
// "reconnecting": waiting to try again; "offline": the browser says there is no network.
export const STATUSES = ["idle", "connecting", "live", "polling", "reconnecting", "offline"];

const reconnectDelay = (attempt) => backoff(attempt, { firstMs: BACKOFF_FIRST_MS, maxMs: BACKOFF_MAX_MS });

function call(callback, ...args) {
  try {
    callback(...args);
  } catch (error) {
    console.error("[bazaar] a live-update handler threw", error);
  }
}

class Topic {
  constructor(name) {
    this.name = name;
    this.handlers = new Set(); // {onMessage, onResync, onError}
    this.last = null; // the last seq applied; null until the server told us where the stream is
  }

  apply(message) {
    if (this.last !== null && message.seq <= this.last) return "duplicate";
    const gap = this.last !== null && message.seq > this.last + 1;
    if (gap) return "gap";
    this.last = message.seq;
    for (const handler of [...this.handlers]) call(handler.onMessage, message);
    return "applied";
  }

  resync(seq, reason) {
    this.last = seq;
    for (const handler of [...this.handlers]) if (handler.onResync) call(handler.onResync, { seq, reason });
  }

  refused(error) {
    for (const handler of [...this.handlers]) {
      if (handler.onError) call(handler.onError, error);
      else console.warn(`[bazaar] live topic ${this.name} refused: ${error.detail}`);
    }
  }
}

export class LiveClient {
  #topics = new Map();
  #status = "idle";
  #statusWatchers = new Set();
  #socket = null;
  #socketGreeted = false;
  #failures = 0; // websockets in a row that closed before saying hello
  #attempt = 0; // reconnects in a row, for the backoff
  #timer = null;
  #probeTimer = null;
  #poll = null; // AbortController of the poll in flight
  #polling = false;
  #listening = false;
  #signedIn = currentUser().signedIn; // false once this page's session has ended
  #checkingSession = false; // reconnecting after a 4401: refused again means signed out

  constructor({ socketUrl, pollUrl = POLL_PATH, fetch: fetchImpl } = {}) {
    this.socketUrl = socketUrl;
    this.pollUrl = pollUrl;
    this.fetch = fetchImpl || ((...args) => fetch(...args));
  }

  // Follows `topic`; returns the function that stops (call it from unmount).
  subscribe(topic, onMessage, { onResync, onError } = {}) {
    if (!PUBLIC_TOPICS.has(topic) && !this.#signedIn) {
      const error = { code: "sign_in_required", detail: `sign in to follow ${topic}`, topic };
      if (onError) queueMicrotask(() => call(onError, error));
      return () => {};
    }
    const handler = { onMessage, onResync, onError };
    let entry = this.#topics.get(topic);
    const isNew = !entry;
    if (isNew) {
      entry = new Topic(topic);
      this.#topics.set(topic, entry);
    }
    entry.handlers.add(handler);
    if (isNew) this.#follow(entry);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      entry.handlers.delete(handler);
      if (entry.handlers.size === 0 && this.#topics.get(topic) === entry) {
        this.#topics.delete(topic);
        this.#send({ type: "unsubscribe", topic });
        if (this.#topics.size === 0) this.#stop();
      }
    };
  }

  status() {
    return this.#status;
  }

  // Calls callback(status) now and whenever it changes; returns the function that stops it.
  onStatus(callback) {
    this.#statusWatchers.add(callback);
    call(callback, this.#status);
    return () => this.#statusWatchers.delete(callback);
  }

  // Where each followed topic stands: {topic: last seq applied}.
  positions() {
    return Object.fromEntries([...this.#topics].map(([name, t]) => [name, t.last]));
  }

  // Try now rather than when the backoff says (e.g. a "sync now" button).
  reconnect() {
    if (this.#topics.size === 0 || !navigator.onLine) return;
    this.#attempt = 0;
    clearTimeout(this.#timer);
    if (this.#polling) this.#probeSocket();
    else if (!this.#socket) this.#connect();
  }

  #setStatus(status) {
    if (status === this.#status) return;
    this.#status = status;
    for (const watcher of [...this.#statusWatchers]) call(watcher, status);
  }

  #follow(entry) {
    this.#listen();
    if (!navigator.onLine) return this.#setStatus("offline");
    if (this.#socketGreeted) this.#subscribeOnSocket(entry);
    else if (this.#polling) this.#restartPoll();
    else if (!this.#socket && !this.#timer) this.#connect();
  }

  #connect() {
    if (this.#signedIn) this.#open();
    else this.#startPolling();
  }

  #listen() {
    if (this.#listening || typeof window === "undefined") return;
    this.#listening = true;
    window.addEventListener("offline", () => this.#goOffline());
    window.addEventListener("online", () => {
      if (this.#topics.size === 0) return;
      this.#stopPolling();
      this.#attempt = 0;
      this.#failures = 0;
      this.#connect();
    });
  }

  #goOffline() {
    this.#closeSocket();
    this.#stopPolling();
    clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#topics.size) this.#setStatus("offline");
  }

  #stop() {
    this.#closeSocket();
    this.#stopPolling();
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#setStatus("idle");
  }

  // --- websocket --------------------------------------------------------------------------
  #open(probe = false) {
    clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#socket) return;
    if (!probe) this.#setStatus(this.#attempt === 0 ? "connecting" : "reconnecting");
    const socket = new WebSocket(withAccount(this.socketUrl));
    this.#socket = socket;
    this.#socketGreeted = false;
    const helloTimer = setTimeout(() => this.#socket === socket && !this.#socketGreeted && socket.close(), HELLO_TIMEOUT_MS);
    socket.addEventListener("message", (event) => {
      if (this.#socket !== socket) return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return console.warn("[bazaar] live: a message that is not JSON", event.data);
      }
      this.#receive(message, socket);
    });
    socket.addEventListener("close", (event) => {
      clearTimeout(helloTimer);
      this.#socketClosed(socket, event.code);
    });
  }

  #receive(message, socket) {
    if (message.type === "hello") {
      this.#socketGreeted = true;
      this.#checkingSession = false;
      this.#failures = 0;
      this.#attempt = 0;
      this.#stopPolling();
      this.#setStatus("live");
      for (const entry of this.#topics.values()) this.#subscribeOnSocket(entry);
      return;
    }
    const entry = message.topic ? this.#topics.get(message.topic) : null;
    if (message.type === "error") {
      if (entry && ["forbidden", "sign_in_required", "unknown_topic"].includes(message.code)) {
        this.#topics.delete(entry.name);
        entry.refused(message);
      } else console.warn(`[bazaar] live: ${message.code}: ${message.detail}`);
      return;
    }
    if (!entry) return; // unsubscribed, or an answer to an unsubscribe
    if (message.type === "subscribed") {
      if (entry.last === null) entry.last = message.seq;
    } else if (message.type === "resync") {
      entry.resync(message.seq, message.reason);
    } else if (message.type !== "unsubscribed" && Number.isInteger(message.seq)) {
      // The server sends each seq once and in order; a gap means something went missing on
      // the way, so ask again from the last one applied (duplicates are dropped).
      if (entry.apply(message) === "gap") this.#subscribeOnSocket(entry, socket);
    }
  }

  #subscribeOnSocket(entry, socket = this.#socket) {
    const message = { type: "subscribe", topic: entry.name };
    if (entry.last !== null) message.since = entry.last;
    this.#send(message, socket);
  }

  #send(message, socket = this.#socket) {
    if (socket && socket.readyState === WebSocket.OPEN && this.#socketGreeted) socket.send(JSON.stringify(message));
  }

  #closeSocket() {
    const socket = this.#socket;
    this.#socket = null;
    this.#socketGreeted = false;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000);
  }

  #socketClosed(socket, code) {
    if (this.#socket !== socket) return; // closed on purpose
    const greeted = this.#socketGreeted;
    this.#socket = null;
    this.#socketGreeted = false;
    if (this.#topics.size === 0) return this.#setStatus("idle");
    if (!navigator.onLine) return this.#setStatus("offline");
    if (code === SESSION_ENDED_CODE && greeted) {
      // Signed out, or signed in again (a new session): one reconnect at once tells which.
      this.#checkingSession = true;
      this.#attempt = 0;
      return this.#open();
    }
    if (this.#checkingSession && !greeted) return this.#sessionEnded();
    if (this.#polling) return this.#scheduleProbe(); // a probe failed: keep polling
    if (!greeted) this.#failures += 1;
    if (this.#failures >= FAILURES_BEFORE_POLLING) return this.#startPolling();
    this.#setStatus("reconnecting");
    this.#timer = setTimeout(() => this.#open(), reconnectDelay(this.#attempt++));
  }

  // --- long polling -------------------------------------------------------------------------
  #startPolling() {
    this.#polling = true;
    this.#attempt = 0;
    this.#setStatus("polling");
    this.#scheduleProbe();
    this.#pollLoop();
  }

  // This page's session is over: its private topics are told so and dropped; the public
  // ones go on by long polling, as for any signed-out visitor.
  #sessionEnded() {
    this.#signedIn = false;
    this.#checkingSession = false;
    this.#closeSocket();
    for (const [name, entry] of [...this.#topics]) {
      if (PUBLIC_TOPICS.has(name)) continue;
      this.#topics.delete(name);
      entry.refused({ ...SESSION_ENDED, topic: name });
    }
    if (this.#topics.size === 0) return this.#stop();
    if (this.#polling) return this.#restartPoll();
    this.#startPolling();
  }

  #scheduleProbe() {
    if (!this.#signedIn) return; // the websocket is for signed-in users only
    clearTimeout(this.#probeTimer);
    this.#probeTimer = setTimeout(() => this.#probeSocket(), SOCKET_RETRY_WHILE_POLLING_MS);
  }

  #probeSocket() {
    if (!this.#polling || this.#socket) return;
    this.#open(true); // on hello, #receive stops polling and resubscribes with `since`
  }

  #stopPolling() {
    this.#polling = false;
    clearTimeout(this.#probeTimer);
    this.#poll?.abort();
    this.#poll = null;
  }

  #restartPoll() {
    this.#poll?.abort(); // the loop starts again with the new topic
  }

  async #pollLoop() {
    while (this.#polling && this.#topics.size) {
      const controller = new AbortController();
      this.#poll = controller;
      const topics = [...this.#topics.values()];
      const query = topics.map((t) => `topic=${encodeURIComponent(t.last === null ? t.name : `${t.name}@${t.last}`)}`);
      const waitS = topics.every((t) => t.last !== null) ? POLL_WAIT_S : 0;
      let answer;
      try {
        const response = await this.fetch(withAccount(`${this.pollUrl}?${query.join("&")}&wait=${waitS}`), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
          signal: controller.signal,
        });
        if (!response.ok) throw Object.assign(new Error(`poll answered ${response.status}`), { status: response.status });
        answer = await response.json();
      } catch (error) {
        if (controller.signal.aborted) continue; // a topic was added, or polling stopped
        if (!navigator.onLine) return this.#goOffline();
        if (error.status === 401 && this.#signedIn) {
          this.#sessionEnded();
          continue;
        }
        console.warn(`[bazaar] live: ${error.message}`);
        this.#setStatus("reconnecting");
        await new Promise((resolve) => setTimeout(resolve, reconnectDelay(this.#attempt++)));
        continue;
      }
      if (this.#poll !== controller) continue;
      this.#attempt = 0;
      this.#setStatus("polling");
      for (const message of answer.messages) {
        const entry = this.#topics.get(message.topic);
        if (!entry) continue;
        if (message.type === "resync") entry.resync(message.seq, message.reason);
        else entry.apply(message);
      }
      for (const [name, seq] of Object.entries(answer.cursor)) {
        const entry = this.#topics.get(name);
        if (entry && entry.last === null) entry.last = seq;
      }
    }
  }
}

// The page's account rides along, so the server never answers "me" with someone else's topics.
function withAccount(url) {
  const { id, signedIn } = currentUser();
  if (!signedIn) return url;
  return `${url}${url.includes("?") ? "&" : "?"}account=${encodeURIComponent(id)}`;
}

function socketUrl() {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}${SOCKET_PATH}`;
}

export const live = typeof window === "undefined" ? null : new LiveClient({ socketUrl: socketUrl() });
