// A fetch helper for one micro-app's own BFF: JSON in and out, a timeout on every call, and
// bounded retries with backoff for reads that fail in ways a retry can fix. Every GET goes
// through the read-through cache (reads.js): its answer is saved, and when the BFF cannot be
// reached the saved answer is returned instead and the page marks what it shows as stale.
// Commands go through the outbox (outbox.js), which uses this client's `url` and `auth`.
import { SignInRequired, authenticatedFetch } from "./auth.js";
import { saveRead, savedRead } from "./reads.js";

const TIMEOUT_MS = 8 * 1000; // 8 seconds
const RETRIES = 2;
const BACKOFF_MS = 300;
const RETRYABLE = new Set([429, 502, 503, 504]);
const UNREACHABLE = new Set([502, 503, 504]); // a proxy's answer: the BFF itself is not there

export class BffError extends Error {
  constructor(status, body) {
    super(body?.detail || `request failed with status ${status}`);
    this.name = "BffError";
    this.status = status;
    this.code = body?.code;
    this.errors = body?.errors || [];
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// An error body may be a proxy's HTML page rather than our JSON error shape.
function parseOrNull(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function buildUrl(baseUrl, path, params) {
  const base = baseUrl.startsWith("http") ? baseUrl : new URL(baseUrl, window.location.origin).href;
  const url = new URL(base.replace(/\/$/, "") + "/" + path.replace(/^\//, ""));
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  }
  return url;
}

// `auth: true` sends the signed-in user's access token with every call (a per-call
// `{ auth }` option overrides it).
export function createBffClient(baseUrl, { timeoutMs = TIMEOUT_MS, retries = RETRIES, headers: extra, auth = false } = {}) {
  async function once(method, url, { body, headers, signal, auth: callAuth }) {
    const timeout = AbortSignal.timeout(timeoutMs);
    const send = callAuth ? authenticatedFetch : fetch;
    const response = await send(url, {
      method,
      headers: { Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}), ...extra, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      credentials: "same-origin",
    });
    const text = await response.text();
    if (!response.ok) throw new BffError(response.status, parseOrNull(text));
    return text ? JSON.parse(text) : null;
  }

  async function request(method, path, { params, body, headers, signal, auth: callAuth, cache = true } = {}) {
    const url = buildUrl(baseUrl, path, params);
    const reading = method === "GET" && cache;
    const attempts = method === "GET" ? retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await once(method, url, { body, headers, signal, auth: callAuth ?? auth });
        if (reading) saveRead(url.href, answer).catch(() => {}); // private mode may have no IndexedDB
        return answer;
      } catch (error) {
        // Network failures and our own timeout are worth a retry; the caller's abort is not.
        const unreachable = error instanceof BffError ? UNREACHABLE.has(error.status)
          : !signal?.aborted && !(error instanceof SyntaxError) && !(error instanceof SignInRequired);
        const retryable = unreachable || (error instanceof BffError && RETRYABLE.has(error.status));
        if (retryable && attempt < attempts && navigator.onLine) {
          await sleep(BACKOFF_MS * 2 ** (attempt - 1));
          continue;
        }
        const saved = reading && unreachable ? await savedRead(url.href, { stale: true }).catch(() => null) : null;
        if (saved) return saved.body;
        throw error;
      }
    }
  }

  return {
    baseUrl,
    auth,
    url: (path, params) => buildUrl(baseUrl, path, params).href,
    get: (path, options) => request("GET", path, options),
    post: (path, body, options) => request("POST", path, { ...options, body }),
    put: (path, body, options) => request("PUT", path, { ...options, body }),
    delete: (path, options) => request("DELETE", path, options),
  };
}
