// The outbox: every command a micro-app sends to its BFF (add to cart, place an order, …) is
// stored in IndexedDB the moment the user acts, with its id and Idempotency-Key fixed then,
// and sent from there, in order, as soon as the network allows.
//
//   const outcome = await outbox.submit(bff, {
//     method: "POST", path: "/cart/items", body, label: "Add Linen apron to the cart",
//     view: { path: "/cart", apply: (cart) => …, answer: true },  // optional write-through
//     details: { … },  // optional: what the app shows of it while it waits (kept here, never sent)
//   });
//   outcome.status === "sent"   → outcome.body is the BFF's answer
//   outcome.status === "queued" → offline, or the BFF is failing: it is sent later, by itself
//   a refused command (a 4xx other than 401) rejects with a BffError and waits in the
//   dead-letter list, with the BFF's reason, until the user retries or discards it.
//
// Flushes happen on page load, when the browser comes back online, when live updates
// reconnect, after every submit and from "Sync now". Each attempt gets a fresh access token
// and CSRF token.
//
// A command belongs to the user who made it (its owner) and is only ever sent with that user's
// token: the token's account is checked as it is handed out (auth.js), and while the device's
// session belongs to another account this page holds everything. Commands of other accounts are
// counted (`others`), never listed, sent or touched, but for discardOthers() (an explicit
// action on the outbox page). Network errors, timeouts, 5xx and 429 are retried with backoff (never
// dropped); a 401 pauses the outbox ("sign in to sync") until the user signs in again. The
// store and a Web Lock are shared by every tab of the shop, so one command is sent by one tab
// at a time, and the key makes a resend after a lost answer harmless.
import { AccountChanged, SignInRequired, currentUser, getAccessToken, onAccountChange } from "./auth.js";
import { backoff } from "./backoff.js";
import { BffError } from "./bff.js";
import { dropRead, saveRead, updateRead } from "./reads.js";
import { database, ownerId } from "./store.js";
import { beginTrace, endSpan, traceparentOf } from "./trace.js";

const LOCK = "bazaar-outbox";
const CHANNEL = "bazaar-outbox";
const ATTEMPT_TIMEOUT_MS = 10 * 1000;
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30 * 1000;
const ANSWER_WAIT_MS = 8 * 1000; // submit() says "queued" when no answer came by then
const retryable = (status) => status >= 500 || status === 429 || status === 408;

function parse(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null; // a proxy's HTML page, say
  }
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : null;
}

function retryAfterMs(response) {
  const seconds = Number(response.headers.get("Retry-After"));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, RETRY_MAX_MS) : 0;
}

const networkMessage = (error) =>
  error?.name === "TimeoutError" ? "the shop did not answer in time" : "the shop could not be reached";

const SENT_KEPT = 20;

class Outbox {
  #channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel(CHANNEL) : null;
  #listeners = new Set();
  #waiters = new Map(); // command id → settle(outcome | error)
  // pending/dead: this user's; others: other accounts' commands on this device; account: set
  // when the device's session is someone else's ({to: {id, name} | null}): everything waits.
  #summary = { pending: 0, others: 0, dead: 0, syncing: false, paused: null, account: null, online: navigator.onLine };
  #flushQueued = null;
  #timer = null;
  #started = false;
  #sent = []; // the commands this tab sent lately, newest first (the developer view's)

  // Called once by the shell: follow the network and other tabs, and send what waits.
  start() {
    if (this.#started) return;
    this.#started = true;
    window.addEventListener("online", () => {
      this.#set({ online: true });
      this.flush();
    });
    window.addEventListener("offline", () => this.#set({ online: false }));
    // A sign-in in another tab makes this tab's session good again.
    document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && this.#resumeIfSignedIn());
    if (this.#channel) this.#channel.onmessage = ({ data }) => this.#heard(data);
    onAccountChange((change) => {
      this.#set({ account: change });
      if (!change) this.flush();
    });
    this.#refresh();
    this.flush();
  }

  // Stores the command, applies its optimistic change, starts sending it; see the top.
  async submit(bff, { method = "POST", path, body = null, label, view = null, app = "", details = null }) {
    const command = {
      id: crypto.randomUUID(),
      key: crypto.randomUUID(),
      owner: ownerId(),
      app,
      label: label || `${method} ${path}`,
      method,
      url: bff.url(path),
      auth: Boolean(bff.auth),
      body,
      details,
      view: view ? { url: bff.url(view.path), answer: Boolean(view.answer) } : null,
      createdAt: Date.now(),
      trace: beginTrace(), // sent with every attempt: a late replay continues the same trace
      attempts: 0,
      lastError: null,
      nextAttemptAt: 0,
    };
    const db = await database();
    await db.add("outbox", command);
    if (view?.apply) await updateRead(command.view.url, view.apply);
    const answer = new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.#settle(command.id, { status: "queued", command }), ANSWER_WAIT_MS);
      this.#waiters.set(command.id, (outcome) => {
        clearTimeout(timer);
        (outcome instanceof Error ? reject : resolve)(outcome);
      });
    });
    await this.#changed();
    if (this.#blocked()) this.#settle(command.id, { status: "queued", command });
    else this.flush();
    return answer;
  }

  // Sends what is due; `now` also sends what waits for its next retry ("Sync now").
  flush({ now = false } = {}) {
    if (now) this.#resumeIfSignedIn();
    if (!this.#flushQueued) {
      this.#flushQueued = navigator.locks.request(LOCK, () => {
        this.#flushQueued = null;
        return this.#pass(now);
      });
    }
    return this.#flushQueued;
  }

  // This user's queued and refused commands, oldest first, for the outbox page; of other
  // accounts' only how many there are.
  async list() {
    const db = await database();
    const owner = ownerId();
    const tx = db.transaction(["outbox", "dead"]);
    const mine = (store) => tx.objectStore(store).index("owner").getAll(IDBKeyRange.only(owner));
    const [pending, dead] = await Promise.all([mine("outbox"), mine("dead")]);
    return {
      pending: pending.map((command) => ({ ...command, mine: true })),
      dead: dead.sort((a, b) => a.failedAt - b.failedAt).map((command) => ({ ...command, mine: true })),
      others: this.#summary.others,
      sent: this.#sent.filter((command) => command.owner === owner),
    };
  }

  // A refused command goes back to the end of the outbox, with its key (a retry of the same
  // command) and a fresh count of attempts. Only its owner's.
  async retry(id) {
    const db = await database();
    const tx = db.transaction(["dead", "outbox"], "readwrite");
    const dead = await tx.objectStore("dead").get(id);
    if (dead && dead.owner === ownerId()) {
      const { failedAt: _f, error: _e, seq: _s, ...command } = dead;
      await tx.objectStore("dead").delete(id);
      await tx.objectStore("outbox").add({ ...command, attempts: 0, lastError: null, nextAttemptAt: 0 });
    }
    await tx.done;
    this.#changed();
    this.flush();
  }

  // Drops one of this user's refused commands.
  async discard(id) {
    const db = await database();
    const tx = db.transaction("dead", "readwrite");
    if ((await tx.store.get(id))?.owner === ownerId()) await tx.store.delete(id);
    await tx.done;
    this.#changed();
  }

  // Drops what this user has waiting and refused (signing out: "discard them").
  async discardMine() {
    await this.#drop((command) => command.owner === ownerId());
  }

  // Drops the commands other accounts left on this device (the outbox page asks first).
  async discardOthers() {
    await this.#drop((command) => command.owner !== ownerId());
  }

  async #drop(which) {
    const db = await database();
    const tx = db.transaction(["outbox", "dead"], "readwrite");
    for (const name of ["outbox", "dead"]) {
      for (let cursor = await tx.objectStore(name).openCursor(); cursor; cursor = await cursor.continue()) {
        if (which(cursor.value)) await cursor.delete();
      }
    }
    await tx.done;
    await this.#changed();
  }

  // What the header shows: {pending, others, dead, syncing, paused, account, online}; listener is
  // called now and after every change, in this tab or another.
  onChange(listener) {
    this.#listeners.add(listener);
    listener(this.#summary);
    return () => this.#listeners.delete(listener);
  }

  summary() {
    return this.#summary;
  }

  #blocked() {
    return !navigator.onLine || Boolean(this.#summary.paused) || Boolean(this.#summary.account);
  }

  async #pass(now) {
    if (this.#blocked()) return this.#settleBlocked();
    clearTimeout(this.#timer);
    this.#set({ syncing: true });
    try {
      for (let first = true; ; first = false) {
        const command = await this.#head();
        if (!command) break;
        if (command.nextAttemptAt > Date.now() && !(now && first)) {
          this.#retryAt(command.nextAttemptAt);
          break;
        }
        // The pass's first command asks for its token afresh: the device's session may have
        // changed hands since the token in memory was handed out (then nothing is sent).
        if ((await this.#send(command, first)) !== "done") break;
      }
    } finally {
      this.#set({ syncing: false });
      await this.#refresh();
      this.#post({ type: "pass-ended" });
      await this.#settleBlocked();
    }
  }

  // The signed-in user's oldest command: commands are sent in the order they were made.
  async #head() {
    const db = await database();
    const cursor = await db.transaction("outbox").store.index("owner").openCursor(IDBKeyRange.only(ownerId()));
    return cursor?.value ?? null;
  }

  async #send(command, freshToken = false) {
    let response;
    try {
      response = await this.#attempt(command, freshToken);
      if (response.status === 401 && command.auth) response = await this.#attempt(command, true);
    } catch (error) {
      if (error instanceof AccountChanged) return "held"; // another account's session: never sent
      if (error instanceof SignInRequired) return this.#pause(command, "Sign in to sync");
      return this.#retryLater(command, { message: networkMessage(error) }, 0);
    }
    const body = parse(await response.text());
    if (response.ok) return this.#delivered(command, body);
    if (response.status === 401) return this.#pause(command, "Sign in to sync");
    const error = {
      status: response.status,
      code: body?.code || null,
      message: body?.detail || `the shop answered ${response.status}`,
      errors: body?.errors || [],
    };
    if (retryable(response.status)) return this.#retryLater(command, error, retryAfterMs(response));
    return this.#deadLetter(command, error, body);
  }

  async #attempt(command, freshToken) {
    const headers = { Accept: "application/json", "Idempotency-Key": command.key };
    if (command.trace) headers.traceparent = traceparentOf(command.trace); // older commands have none
    if (command.body !== null) headers["Content-Type"] = "application/json";
    if (command.auth) headers.Authorization = `Bearer ${await getAccessToken({ force: freshToken })}`;
    // The CSRF token is this site's: never sent to a BFF on another origin (distributed mode).
    const csrf = new URL(command.url, location.href).origin === location.origin ? csrfToken() : null;
    if (csrf) headers["X-CSRFToken"] = csrf;
    return fetch(command.url, {
      method: command.method,
      headers,
      body: command.body === null ? undefined : JSON.stringify(command.body),
      credentials: "same-origin",
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
  }

  async #delivered(command, body) {
    const db = await database();
    await db.delete("outbox", command.seq);
    if (command.view?.answer && body) await saveRead(command.view.url, body);
    this.#traced(command, { outcome: "sent" });
    this.#sent = [{ ...command, sentAt: Date.now() }, ...this.#sent].slice(0, SENT_KEPT);
    this.#settle(command.id, { status: "sent", body, command }, { tell: true });
    await this.#changed();
    return "done";
  }

  // The command's span in the browser: from the shopper's action to the shop's answer, however
  // long it waited on the device.
  #traced(command, attributes) {
    const path = new URL(command.url, location.href).pathname;
    endSpan(command.trace, {
      name: `outbox ${command.method} ${path}`,
      start: command.createdAt,
      attributes: { "bazaar.app": command.app, attempts: command.attempts + 1, ...attributes },
    });
  }

  async #retryLater(command, error, atLeastMs) {
    const db = await database();
    const attempts = command.attempts + 1;
    const wait = Math.max(atLeastMs, backoff(attempts - 1, { firstMs: RETRY_FIRST_MS, maxMs: RETRY_MAX_MS }));
    const nextAttemptAt = Date.now() + wait;
    await db.put("outbox", { ...command, attempts, lastError: { ...error, at: Date.now() }, nextAttemptAt });
    this.#retryAt(nextAttemptAt);
    await this.#changed();
    return "later";
  }

  async #deadLetter(command, error, body) {
    const db = await database();
    const tx = db.transaction(["outbox", "dead"], "readwrite");
    await tx.objectStore("outbox").delete(command.seq);
    await tx.objectStore("dead").put({ ...command, attempts: command.attempts + 1, lastError: error, error, failedAt: Date.now() });
    await tx.done;
    if (command.view) await dropRead(command.view.url); // its optimistic change was wrong
    this.#traced(command, { outcome: "refused", "http.response.status_code": error.status });
    const refused = Object.assign(new BffError(error.status, body), { command });
    this.#settle(command.id, refused, { tell: true });
    await this.#changed();
    return "done";
  }

  async #pause(command, message) {
    const db = await database();
    await db.put("outbox", { ...command, lastError: { status: 401, message: "your session has ended", at: Date.now() } });
    this.#set({ paused: message });
    this.#post({ type: "paused", message, owner: command.owner });
    return "paused";
  }

  async #resumeIfSignedIn() {
    if (!this.#summary.paused || !currentUser().signedIn) return;
    try {
      await getAccessToken({ force: true });
    } catch {
      return; // still signed out
    }
    this.#set({ paused: null });
    this.flush();
  }

  #retryAt(at) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), Math.max(0, at - Date.now()));
  }

  // Waiting submit() calls learn "queued" once their command cannot be sent right now.
  async #settleBlocked() {
    if (!this.#waiters.size) return;
    const db = await database();
    const blocked = this.#blocked();
    let behindRetry = false;
    for (const command of await db.getAll("outbox")) {
      if (command.owner !== ownerId()) continue;
      if (blocked || behindRetry || command.attempts > 0) this.#settle(command.id, { status: "queued", command });
      behindRetry ||= command.nextAttemptAt > Date.now();
    }
  }

  #settle(id, outcome, { tell = false } = {}) {
    const settle = this.#waiters.get(id);
    this.#waiters.delete(id);
    settle?.(outcome);
    if (tell) {
      const message = outcome instanceof Error
        ? { status: "dead", error: { status: outcome.status, code: outcome.code, detail: outcome.message, errors: outcome.errors } }
        : { status: outcome.status, body: outcome.body };
      this.#post({ type: "settled", id, outcome: message });
    }
  }

  #heard(message) {
    if (message.type === "changed" || message.type === "pass-ended") this.#refresh().then(() => this.#settleBlocked());
    else if (message.type === "paused" && message.owner === ownerId()) this.#set({ paused: message.message });
    else if (message.type === "settled") {
      const { outcome } = message;
      this.#settle(message.id, outcome.status === "dead" ? new BffError(outcome.error.status, outcome.error) : outcome);
    }
  }

  async #changed() {
    await this.#refresh();
    this.#post({ type: "changed" });
  }

  async #refresh() {
    const db = await database();
    const tx = db.transaction(["outbox", "dead"]);
    const mine = IDBKeyRange.only(ownerId());
    const [all, pending, allDead, dead] = await Promise.all([
      tx.objectStore("outbox").count(),
      tx.objectStore("outbox").index("owner").count(mine),
      tx.objectStore("dead").count(),
      tx.objectStore("dead").index("owner").count(mine),
    ]);
    this.#set({ pending, dead, others: all - pending + allDead - dead });
  }

  #post(message) {
    this.#channel?.postMessage(message);
  }

  #set(change) {
    const next = { ...this.#summary, ...change };
    if (Object.keys(next).every((key) => next[key] === this.#summary[key])) return;
    this.#summary = next;
    for (const listener of [...this.#listeners]) listener(next);
  }
}

export const outbox = new Outbox();
