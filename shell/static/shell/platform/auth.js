// The signed-in user and their access token, for calls to the BFFs.
// The token lives in memory only (never localStorage): the shell hands it out from the
// session at /oidc/token/ and renews it shortly before it expires.

const TOKEN_URL = "/oidc/token/";
const RENEW_MARGIN_MS = 60 * 1000; // renew 1 minute before expiry
const MIN_RENEW_DELAY_MS = 5 * 1000;

export class SignInRequired extends Error {
  constructor(message = "sign in to continue") {
    super(message);
    this.name = "SignInRequired";
  }
}

function readUser() {
  const element = typeof document !== "undefined" && document.getElementById("bazaar-user");
  return element ? JSON.parse(element.textContent) : { signedIn: false, id: "", name: "", roles: [] };
}

const user = Object.freeze(readUser());
let token = null;
let expiresAtMs = 0;
let pending = null;
let renewTimer = null;

export function currentUser() {
  return user;
}

export function hasRoles(roles = []) {
  return roles.length === 0 || roles.some((role) => user.roles.includes(role));
}

export function signInUrl(next = window.location.pathname + window.location.search) {
  return `/oidc/authenticate/?next=${encodeURIComponent(next)}`;
}

function scheduleRenewal() {
  clearTimeout(renewTimer);
  const delay = Math.max(MIN_RENEW_DELAY_MS, expiresAtMs - Date.now() - RENEW_MARGIN_MS);
  renewTimer = setTimeout(() => getAccessToken({ force: true }).catch(() => {}), delay);
}

async function fetchToken() {
  const response = await fetch(TOKEN_URL, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (response.status === 401) throw new SignInRequired("your session has ended: sign in again");
  if (!response.ok) throw new Error(`could not get an access token (${response.status})`);
  const body = await response.json();
  token = body.access_token;
  expiresAtMs = body.expires_at * 1000;
  scheduleRenewal();
  return token;
}

// A valid access token; `force` fetches a fresh one (after a BFF answered 401).
export async function getAccessToken({ force = false } = {}) {
  if (!user.signedIn) throw new SignInRequired();
  if (!force && token && expiresAtMs - Date.now() > RENEW_MARGIN_MS) return token;
  pending ??= fetchToken().finally(() => { pending = null; });
  return pending;
}

// fetch() with `Authorization: Bearer <token>`; one retry with a fresh token on 401.
export async function authenticatedFetch(input, init = {}) {
  const send = async (force) => {
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${await getAccessToken({ force })}`);
    return fetch(input, { ...init, headers });
  };
  const response = await send(false);
  return response.status === 401 ? send(true) : response;
}
