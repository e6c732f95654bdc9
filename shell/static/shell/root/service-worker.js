// The service worker makes the shop open offline (shell/offline/worker.js): registered once per
// page, it saves this page for the next visit. A new registry revision installs a new worker
// beside this one, which precaches the new modules, and takes over when the page reloads into it.
import { database } from "@bazaar/platform";
import { firstViewShown } from "./first-view.js";

let registered = Promise.resolve(null); // the registration, or null without a service worker

// It is registered once the page has shown its first view: on a first visit it precaches
// every module of the revision, which would otherwise compete with the page's own.
export function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  registered = firstViewShown.then(() => navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" })).catch((error) => {
    console.warn("[bazaar] no service worker: the shop will not open offline", error);
    return null;
  });
}

// Once a worker controls this page, it saves it: the next visit opens offline. (After a
// change of user, the store asks the worker to forget the pages it saved for the last one.)
export async function saveThisPageForOffline() {
  if (!(await registered) || !navigator.onLine) return;
  await navigator.serviceWorker.ready;
  await database(); // the check for a change of user comes first
  const controller = navigator.serviceWorker.controller || (await new Promise((resolve) =>
    navigator.serviceWorker.addEventListener("controllerchange", () => resolve(navigator.serviceWorker.controller), { once: true })));
  controller?.postMessage({ type: "SAVE_PAGE", url: window.location.href });
}

// A new revision is out: look for the worker that precaches it.
export function checkForNewWorker() {
  registered.then((registration) => registration?.update()).catch(() => {});
}

// The new worker takes over (when this is the only tab) before the page loads the new version.
export async function reloadIntoNewVersion() {
  const waiting = (await registered)?.waiting;
  if (waiting) {
    const takenOver = new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    waiting.postMessage({ type: "SKIP_WAITING" });
    await Promise.race([takenOver, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }
  window.location.reload();
}
