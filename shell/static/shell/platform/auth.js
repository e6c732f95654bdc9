// The signed-in user and their access token, for calls to the BFFs.
// The token lives in memory only (never localStorage): the shell hands it out from the
// session at /oidc/token/ and renews it shortly before it expires.
//
// One device, several people: the session behind this page can change under it (someone signs
// out and another signs in, in another tab). Every tab says who it is on a BroadcastChannel when
// it loads and when it signs out; a tab that hears of another account forgets its token at once.
// And the token endpoint names whose token it hands out: a token of anyone but this page's user
// is never used ("the account changed"), so nothing this page does is sent as someone else.

const TOKEN_URL = "/oidc/token/";
const RENEW_MARGIN_MS = 60 * 1000; // renew 1 minute before expiry
const MIN_RENEW_DELAY_MS = 5 * 1000;

export class SignInRequired extends Error {
  constructor(message = "sign in to continue") {
    super(message);
    this.name = "SignInRequired";
  }
}

// The session now belongs to another account (or to nobody) than this page's user.
export class AccountChanged extends SignInRequired {
  constructor(to) {
    super(to ? `${to.name} is signed in on this device now` : "you signed out on this device");
    this.name = "AccountChanged";
    this.to = to; // {id, name} of the account signed in now, or null
  }
}

const ACCOUNT_CHANNEL = "bazaar-account";

function readUser() {
  const element = typeof document !== "undefined" && document.getElementById("bazaar-user");
  return element ? JSON.parse(element.textContent) : { signedIn: false, id: "", name: "", roles: [] };
}

const user = Object.freeze(readUser());
let token = null;
let expiresAtMs = 0;
let pending = null;
let renewTimer = null;
let changedTo; // undefined: the session is this page's user's; else the account it has now (or null)
const accountListeners = new Set();
const accountChannel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel(ACCOUNT_CHANNEL) : null;

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

function forgetToken() {
  token = null;
  expiresAtMs = 0;
  clearTimeout(renewTimer);
}

function accountIs(to) {
  const changed = to === undefined || to?.id === user.id ? undefined : to;
  if (changed === undefined) {
    if (changedTo === undefined) return;
  } else {
    forgetToken();
    if (changedTo !== undefined && changedTo?.id === changed?.id) return;
  }
  changedTo = changed;
  for (const listener of [...accountListeners]) listener(accountChange());
}

async function fetchToken() {
  const response = await fetch(TOKEN_URL, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (response.status === 401) {
    if (user.signedIn && changedTo !== undefined) throw new AccountChanged(changedTo);
    throw new SignInRequired("your session has ended: sign in again");
  }
  if (!response.ok) throw new Error(`could not get an access token (${response.status})`);
  const body = await response.json();
  if (body.user?.id !== user.id) {
    accountIs({ id: body.user?.id, name: body.user?.name });
    throw new AccountChanged(changedTo);
  }
  accountIs(undefined);
  token = body.access_token;
  expiresAtMs = body.expires_at * 1000;
  scheduleRenewal();
  return token;
}

// A valid access token of this page's user; `force` fetches a fresh one (after a BFF answered
// 401). Throws SignInRequired when signed out, AccountChanged when the session is someone else's.
export async function getAccessToken({ force = false } = {}) {
  if (!user.signedIn) throw new SignInRequired();
  if (changedTo !== undefined && !force) throw new AccountChanged(changedTo);
  if (!force && token && expiresAtMs - Date.now() > RENEW_MARGIN_MS) return token;
  pending ??= fetchToken().finally(() => { pending = null; });
  return pending;
}

// null while the session is this page's user's; else {to: {id, name} | null} — the account
// signed in on this device now (null: nobody). listener(change) now and after each change.
export function accountChange() {
  return changedTo === undefined ? null : { to: changedTo };
}

export function onAccountChange(listener) {
  accountListeners.add(listener);
  listener(accountChange());
  return () => accountListeners.delete(listener);
}

// Called by the shell as this user signs out: other tabs forget their tokens before anything
// else happens (the sign-out itself then ends the session).
export function announceSignOut() {
  forgetToken();
  accountChannel?.postMessage({ type: "signed-out", id: user.id });
}

accountChannel?.addEventListener("message", ({ data }) => {
  if (data?.type === "signed-in" && data.id !== user.id) accountIs(data.id ? { id: data.id, name: data.name } : null);
  else if (data?.type === "signed-in" && data.id === user.id && user.signedIn) accountIs(undefined);
  else if (data?.type === "signed-out" && data.id === user.id && user.signedIn) accountIs(null);
});
// Every page says whose it is as it loads: tabs of another account stop sending at once.
accountChannel?.postMessage({ type: "signed-in", id: user.id, name: user.name });

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
