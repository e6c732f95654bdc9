// The root config: reads the registry revision rendered into the page, registers every
// micro-app with single-spa behind an AppSlot (failure containment + shadow DOM), mounts the
// parcels of the mount points, and shows the not-found panel when no app owns the route.
import { checkActivityFunctions, mountRootParcel, registerApplication, start } from "single-spa";
import {
  announceSignOut, bus, createBffClient, currentUser, database, forgetStaleReads, hasRoles, interceptLinks, live, navigate,
  onAccountChange, onNavigate, onStaleReads, outbox, signInUrl,
} from "@bazaar/platform";
import { AppSlot } from "./app-slot.js";
import { routeMatches } from "./routes.js";

const config = JSON.parse(document.getElementById("bazaar-config").textContent);
const main = document.querySelector("[data-region=main]");
const notFound = document.querySelector("[data-not-found]");
const timeoutMs = config.timeoutMs;
const user = currentUser();


function labelOf(app) {
  return app.config?.title || app.slug.replace(/(^|-)(\w)/g, (_, sep, c) => (sep ? " " : "") + c.toUpperCase());
}

// A protected app is not even loaded for a user who may not see it: the slot says why.
function gateFor(app) {
  if (!app.auth.required) return null;
  if (!user.signedIn) {
    return { title: `Sign in to see ${labelOf(app)}`, text: "This part of the shop needs you to sign in.",
      action: { label: "Sign in", href: () => signInUrl() } };
  }
  if (!hasRoles(app.auth.roles)) {
    return { title: "You don't have access to this page", text: `It needs the role ${app.auth.roles.join(" or ")}.` };
  }
  return null;
}

function itemVisible(item) {
  if (item.signedIn !== undefined && item.signedIn !== null && item.signedIn !== user.signedIn) return false;
  return hasRoles(item.roles || []);
}

function registerApp(app) {
  const host = document.createElement("section");
  host.className = "app-host";
  host.hidden = true;
  main.append(host);
  const slot = new AppSlot({
    name: app.name,
    label: labelOf(app),
    host,
    timeoutMs,
    gate: gateFor(app),
    load: () => import(app.name),
  });
  registerApplication({
    name: app.name,
    app: async () => ({
      bootstrap: async () => {},
      mount: (props) => slot.mount(props),
      unmount: () => slot.unmount(),
      update: (props) => slot.update(props),
    }),
    activeWhen: (location) => app.routes.some((route) => routeMatches(route, location.pathname)),
    customProps: propsFor(app),
  });
}

// What every app and parcel receives from the platform besides its domElement.
function propsFor(app) {
  return {
    app: { name: app.name, version: app.version, config: app.config, bff: app.bff },
    config: app.config,
    bff: app.bff ? createBffClient(app.bff, { auth: app.auth.required }) : null,
    user,
    bus,
    navigate,
  };
}

// The parcels registered for mount point `slotName`, each in an AppSlot of its own inside
// `mountPoint`; `context` is what the view offering the slot tells them (e.g. a productId).
function mountParcelsInto(mountPoint, slotName, context = {}) {
  const items = (config.mountPoints[slotName] || []).filter((i) => i.module && itemVisible(i));
  return items.map((item) => {
    const host = document.createElement("div");
    host.className = "parcel-host";
    mountPoint.append(host);
    const app = config.apps.find((a) => a.name === item.app);
    const slot = new AppSlot({
      name: `${item.app}#${slotName}`,
      label: item.label || labelOf(app),
      host,
      timeoutMs,
      compact: true,
      load: () => import(item.module),
    });
    const parcel = { bootstrap: async () => {}, mount: (p) => slot.mount(p), unmount: () => slot.unmount() };
    return { host, parcel: mountRootParcel(parcel, { domElement: host, ...propsFor(app), context }) };
  });
}

function mountParcels() {
  for (const slotName of Object.keys(config.mountPoints)) {
    const mountPoint = document.querySelector(`[data-mount-point="${slotName}"]`);
    if (mountPoint) mountParcelsInto(mountPoint, slotName);
  }
}

// A slot a micro-app offers in its own view, in any view library (or none):
// <bazaar-mount-point name="product-details" data-product-id="…">. The parcels registered
// for that name mount inside it with its data-* attributes as `context`, and unmount when the
// element leaves the page (render it with a key, so another product is another element).
class MountPointElement extends HTMLElement {
  #mounted = [];

  connectedCallback() {
    this.#mounted = mountParcelsInto(this, this.getAttribute("name"), { ...this.dataset });
  }

  disconnectedCallback() {
    for (const { host, parcel } of this.#mounted) {
      parcel.mountPromise.then(() => parcel.unmount()).catch(() => {}).finally(() => host.remove());
    }
    this.#mounted = [];
  }
}

function showNotFoundWhenUnowned() {
  const owned = checkActivityFunctions(window.location).length > 0;
  notFound.hidden = owned;
  document.body.dataset.route = owned ? "app" : "not-found";
}

// After a sign-in the provider returns the user to where they were, not where the page began.
function keepSignInLinkCurrent() {
  for (const link of document.querySelectorAll("[data-sign-in]")) link.href = signInUrl();
}

function markCurrentNavLink() {
  for (const link of document.querySelectorAll(".site-nav a")) {
    const path = new URL(link.href).pathname;
    const current = window.location.pathname === path || (path !== "/" && window.location.pathname.startsWith(path + "/"));
    if (current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

// The header says whether the page follows changes live.
const LIVE_LABELS = {
  connecting: "Connecting…",
  live: "Live",
  polling: user.signedIn ? "Live (polling)" : "Live", // signed out, polling is the normal way
  reconnecting: "Reconnecting…",
  offline: "Offline",
};
function showLiveStatus() {
  const indicator = document.querySelector("[data-live-status]");
  if (!indicator) return;
  live.onStatus((status) => {
    indicator.hidden = status === "idle";
    indicator.dataset.state = status;
    indicator.textContent = LIVE_LABELS[status] || status;
    indicator.title = status === "polling" && user.signedIn ? "Live updates by long polling: the websocket could not be opened" : "";
  });
}

// A new registry revision means new module versions: offer a reload rather than mix them.
function offerReloadOnNewRevision() {
  const notice = document.querySelector("[data-update-notice]");
  if (!notice) return;
  const showNotice = (revision) => {
    if (revision === config.revision || !notice.hidden) return;
    notice.dataset.revision = String(revision);
    const text = document.createElement("span");
    text.textContent = "A new version of the shop is available.";
    const reload = document.createElement("button");
    reload.type = "button";
    reload.className = "button";
    reload.textContent = "Reload";
    reload.addEventListener("click", () => reloadIntoNewVersion());
    notice.replaceChildren(text, reload);
    notice.hidden = false;
  };
  // After a resync the missed revisions are gone from the log: ask the shop which is current.
  const show = (revision) => {
    if (revision !== config.revision) serviceWorker.then((registration) => registration?.update()).catch(() => {});
    showNotice(revision);
  };
  const refetch = async () => {
    const response = await fetch("/api/registry/revisions/current", { headers: { Accept: "application/json" } });
    if (response.ok) show((await response.json()).number);
  };
  live.subscribe("registry", (message) => show(message.revision), { onResync: () => refetch().catch(() => {}) });
}

// After a client-side move to another page, focus goes to the main region (as after a page
// load) and the new page's title is announced; a change of query only (a filter, a sort) or
// one made while typing in a form field leaves focus where it is.
const ANNOUNCE_AFTER_MS = 400; // apps set their title once their data is in
function followNavigationWithFocus() {
  const announcer = document.querySelector("[data-route-announcer]");
  let path = window.location.pathname;
  let timer = null;
  onNavigate((location) => {
    if (location.pathname === path) return;
    path = location.pathname;
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement; // apps live in shadow roots
    const typing = active && active.matches("input, textarea, select, [contenteditable]");
    if (!typing) main.focus({ preventScroll: true });
    clearTimeout(timer);
    timer = setTimeout(() => {
      const heading = main.querySelector("h1")?.textContent?.trim();
      announcer.textContent = document.title || heading || "";
    }, ANNOUNCE_AFTER_MS);
  });
}

// The service worker makes the shop open offline (shell/offline/worker.js). A new registry
// revision installs a new worker beside this one, which precaches the new modules.
const serviceWorker = "serviceWorker" in navigator
  ? navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" }).catch((error) => {
    console.warn("[bazaar] no service worker: the shop will not open offline", error);
    return null;
  })
  : Promise.resolve(null);

// Once a worker controls this page, it saves it: the next visit opens offline. (After a
// change of user, the store asks the worker to forget the pages it saved for the last one.)
async function saveThisPageForOffline() {
  if (!(await serviceWorker) || !navigator.onLine) return;
  await navigator.serviceWorker.ready;
  await database(); // the check for a change of user comes first
  const controller = navigator.serviceWorker.controller || (await new Promise((resolve) =>
    navigator.serviceWorker.addEventListener("controllerchange", () => resolve(navigator.serviceWorker.controller), { once: true })));
  controller?.postMessage({ type: "SAVE_PAGE", url: window.location.href });
}

// The new worker takes over (when this is the only tab) before the page loads the new version.
async function reloadIntoNewVersion() {
  const waiting = (await serviceWorker)?.waiting;
  if (waiting) {
    const takenOver = new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    waiting.postMessage({ type: "SKIP_WAITING" });
    await Promise.race([takenOver, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }
  window.location.reload();
}

// The header says what waits in the outbox: pending (with "Sync now"), syncing, refused
// commands (a link to /outbox) and "Sign in to sync" when the session ended.
function pill(kind, text, href) {
  const element = document.createElement(href ? "a" : "span");
  element.className = "outbox-pill";
  element.dataset.kind = kind;
  element.dataset.testid = `outbox-${kind}`;
  element.textContent = text;
  if (href) {
    element.href = href;
    element.dataset.clientLink = "";
  }
  return element;
}

function showOutboxStatus() {
  const box = document.querySelector("[data-outbox-status]");
  if (!box) return;
  outbox.onChange((summary) => {
    const parts = [];
    if (summary.paused) parts.push(pill("paused", summary.paused, signInUrl()));
    if (summary.pending) {
      const pending = pill(summary.syncing ? "syncing" : "pending",
        summary.syncing ? `Syncing ${summary.pending}…` : `${summary.pending} pending`, "/outbox");
      pending.dataset.count = String(summary.pending);
      pending.title = "Changes saved on this device, not yet sent to the shop";
      parts.push(pending);
      if (!summary.syncing && summary.online && !summary.paused && !summary.account) {
        const syncNow = document.createElement("button");
        syncNow.type = "button";
        syncNow.dataset.testid = "sync-now";
        syncNow.textContent = "Sync now";
        syncNow.addEventListener("click", () => outbox.flush({ now: true }));
        parts.push(syncNow);
      }
    }
    if (summary.dead) {
      const failed = pill("failed", `${summary.dead} failed`, "/outbox");
      failed.dataset.count = String(summary.dead);
      parts.push(failed);
    }
    if (summary.others) {
      const others = pill("others", `${summary.others} saved for another account`, "/outbox");
      others.dataset.count = String(summary.others);
      others.title = "Changes someone else made on this device: sent when they sign in again";
      parts.push(others);
    }
    box.replaceChildren(...parts);
    box.hidden = parts.length === 0;
  });
  // Live updates reconnecting means the shop is reachable again: send what waits.
  live.onStatus((status) => (status === "live" || status === "polling") && outbox.flush());
  outbox.start();
}

// Someone else signed in (or the user signed out) in another tab of this device: this page is
// no longer its user's session. It sends and reads nothing more as them, and says so.
function showAccountChange() {
  const notice = document.querySelector("[data-account-notice]");
  if (!notice) return;
  onAccountChange((change) => {
    notice.hidden = !change;
    if (!change) return;
    const text = document.createElement("span");
    text.textContent = change.to
      ? `${change.to.name} is now signed in on this device, in another tab. Nothing more is sent from this page as ${user.name}.`
      : `${user.name} signed out on this device, in another tab. Nothing more is sent from this page.`;
    const reload = document.createElement("button");
    reload.type = "button";
    reload.className = "button";
    reload.textContent = "Reload this page";
    reload.addEventListener("click", () => window.location.reload());
    notice.replaceChildren(text, reload);
  });
}

// Signing out with changes not yet sent asks first: keep them on this device for this account
// (sent the next time it signs in here; nobody else can see or send them) or discard them.
function confirmSignOut() {
  const form = document.querySelector(".account__signout");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    const { pending, dead } = outbox.summary();
    if (form.dataset.confirmed || (!pending && !dead)) return announceSignOut();
    event.preventDefault();
    const choice = await askAboutUnsentChanges(pending, dead);
    if (choice !== "keep" && choice !== "discard") return;
    if (choice === "discard") await outbox.discardMine();
    form.dataset.confirmed = "yes";
    announceSignOut();
    form.submit(); // submit() sends the form without a second submit event
  });
}

function askAboutUnsentChanges(pending, dead) {
  const changes = (n) => `${n} ${n === 1 ? "change" : "changes"}`;
  const dialog = document.createElement("dialog");
  dialog.className = "signout-dialog";
  dialog.dataset.testid = "signout-dialog";
  dialog.setAttribute("aria-labelledby", "signout-dialog-title");
  const what = [pending && `${changes(pending)} not sent yet`, dead && `${changes(dead)} the shop refused`].filter(Boolean).join(" and ");
  dialog.innerHTML = `<form method="dialog">
    <h2 id="signout-dialog-title">You have ${what}</h2>
    <p>They are saved on this device for your account. Keep them and they are sent the next time you
      sign in here; nobody else who signs in on this device can see or send them.</p>
    <div class="signout-dialog__actions">
      <button class="button" value="keep" data-testid="signout-keep">Keep them and sign out</button>
      <button class="button button--ghost" value="discard" data-testid="signout-discard">Discard them and sign out</button>
      <button class="button button--ghost" value="cancel" data-testid="signout-cancel">Stay signed in</button>
    </div></form>`;
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue);
      dialog.remove();
    }, { once: true });
    dialog.showModal();
  });
}

// Data answered from the read-through cache is marked as possibly stale.
function showStaleReads() {
  const notice = document.querySelector("[data-stale-notice]");
  if (!notice) return;
  const render = ({ count, oldest }) => {
    notice.hidden = count === 0;
    if (!count) return;
    const time = new Date(oldest).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    notice.textContent = navigator.onLine
      ? `Part of the shop could not be reached — showing saved results from ${time}.`
      : `Offline — showing saved results from ${time}.`;
  };
  let last = { count: 0, oldest: null };
  onStaleReads((state) => render((last = state)));
  window.addEventListener("online", () => render(last));
  window.addEventListener("offline", () => render(last));
  let path = window.location.pathname;
  onNavigate((location) => {
    if (location.pathname !== path) forgetStaleReads();
    path = location.pathname;
  });
}

// The shell's own pages (/outbox, /overrides): loaded on demand, mounted like an app.
function registerPlatformPage(name, path, load) {
  const host = document.createElement("section");
  host.className = "app-host";
  host.hidden = true;
  main.append(host);
  registerApplication({
    name,
    app: async () => {
      const page = await load();
      return {
        bootstrap: page.bootstrap,
        mount: async () => { host.hidden = false; await page.mount({ domElement: host }); },
        unmount: async () => { await page.unmount({ domElement: host }); host.hidden = true; },
      };
    },
    activeWhen: (location) => location.pathname === path,
  });
}

config.apps.forEach(registerApp);
registerPlatformPage("@bazaar/outbox-page", "/outbox", () => import("./outbox-page.js"));
registerPlatformPage("@bazaar/overrides-page", "/overrides", () => import("./overrides-page.js"));
saveThisPageForOffline().catch(() => {});
showOutboxStatus();
showAccountChange();
confirmSignOut();
showStaleReads();
followNavigationWithFocus();
showLiveStatus();
offerReloadOnNewRevision();
interceptLinks(document);
onNavigate(showNotFoundWhenUnowned);
onNavigate(keepSignInLinkCurrent);
onNavigate(markCurrentNavLink);
mountParcels();
customElements.define("bazaar-mount-point", MountPointElement);
start({ urlRerouteOnly: true });
document.documentElement.dataset.shell = "ready";
