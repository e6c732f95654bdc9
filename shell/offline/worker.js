// What the service worker does (BAZAAR, above, is made per registry revision):
// - precaches the shell's assets and every module of the revision's import map, checked
//   against their hashes, so the shop opens with the network off;
// - answers navigations network first, falling back to the saved shell page (every client
//   route is the same page: offline, the one saved for "/" serves any of them);
// - keeps product images and other versioned modules it sees in caches of their own.
// BFF calls are not touched: the page's read-through cache and outbox handle them, and know
// what the user should be told. A new revision is a new worker: it waits until no tab uses
// the old one (or a lone tab asks it to take over), then drops what the old one cached.
/* global BAZAAR, workbox */
importScripts(BAZAAR.workbox["workbox-sw"]);
workbox.setConfig({ debug: false, modulePathCb: (name) => BAZAAR.workbox[name] });

const { cacheableResponse, core, expiration, precaching, routing, strategies } = workbox;
const PAGES = `bazaar-shell-${BAZAAR.revision}`;
const SHELL_PAGE = "/";

core.setCacheNameDetails({ prefix: "bazaar" });
// Static files need no cookies: precaching sends none.
precaching.addPlugins([{ requestWillFetch: async ({ request }) => new Request(request, { credentials: "omit" }) }]);
precaching.precacheAndRoute(BAZAAR.precache, { cleanURLs: false, directoryIndex: null });
precaching.cleanupOutdatedCaches();

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("bazaar-shell-") && name !== PAGES) await caches.delete(name);
    }
    await self.clients.claim(); // the page that installed us uses the caches from now on
  })());
});

// Each page asks to be saved once it has loaded (the first visit is enough to open offline).
// Not at install time: a request sent then may carry the session cookie from before a sign-in,
// and its answer would end the new session.
async function savePage(url) {
  if (new URL(url).origin !== self.location.origin) return;
  const response = await fetch(url, { credentials: "same-origin" });
  if (response.ok && !response.redirected) await (await caches.open(PAGES)).put(url, response);
}

// A page of a signed-in user must not be shown to the next one (the page asks after a change).
async function forgetPages() {
  const cache = await caches.open(PAGES);
  await Promise.all((await cache.keys()).map((request) => cache.delete(request)));
}

// One change of the saved pages at a time, in the order the pages asked.
let pageWork = Promise.resolve();
const inTurn = (work) => (pageWork = pageWork.then(work).catch(() => {}));

self.addEventListener("message", (event) => {
  const type = event.data?.type;
  if (type === "SAVE_PAGE") event.waitUntil(inTurn(() => savePage(event.data.url)));
  else if (type === "FORGET_PAGES") event.waitUntil(inTurn(forgetPages));
  // A tab offered "a new version is available": it may take over if it is the only tab.
  else if (type === "SKIP_WAITING") {
    event.waitUntil(self.clients.matchAll({ type: "window" }).then((tabs) => tabs.length <= 1 && self.skipWaiting()));
  }
});

// Offline, every client route is the same shell page: any saved one will do.
async function savedShellPage() {
  const cache = await caches.open(PAGES);
  return (await cache.match(SHELL_PAGE)) || (await cache.match((await cache.keys())[0] || SHELL_PAGE));
}

const platformPath = (url) => BAZAAR.platformPaths.includes(url.pathname.split("/")[1]);

const pages = new strategies.NetworkFirst({
  cacheName: PAGES,
  networkTimeoutSeconds: 6,
  plugins: [
    new cacheableResponse.CacheableResponsePlugin({ statuses: [200] }),
    // A page made for one moment (a "you have been signed out" notice) is not kept.
    { cacheWillUpdate: async ({ response }) => (/no-store/.test(response.headers.get("Cache-Control") || "") ? null : response) },
    { handlerDidError: savedShellPage },
  ],
});
routing.registerRoute(({ request, url }) => request.mode === "navigate" && url.origin === self.location.origin && !platformPath(url), pages);

routing.registerRoute(
  ({ request }) => request.destination === "image",
  new strategies.StaleWhileRevalidate({
    cacheName: "bazaar-images",
    plugins: [
      new cacheableResponse.CacheableResponsePlugin({ statuses: [0, 200] }),
      new expiration.ExpirationPlugin({ maxEntries: 400, purgeOnQuotaError: true }),
    ],
  }),
);

// Versioned modules the precache does not name (a retry's URL, a module of a newer revision
// than this worker's): they never change, so any cache that holds them will do.
const modules = new strategies.CacheFirst({
  cacheName: "bazaar-modules",
  plugins: [
    new cacheableResponse.CacheableResponsePlugin({ statuses: [200] }),
    // A page made for one moment (a "you have been signed out" notice) is not kept.
    { cacheWillUpdate: async ({ response }) => (/no-store/.test(response.headers.get("Cache-Control") || "") ? null : response) },
    new expiration.ExpirationPlugin({ maxEntries: 600, purgeOnQuotaError: true }),
  ],
});
routing.registerRoute(
  ({ request, url }) => request.method === "GET" && /\/static\/(apps|vendor)\//.test(url.pathname),
  async (options) => (await caches.match(options.request)) || modules.handle(options),
);
