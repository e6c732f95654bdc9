// When the page has shown its first view: the route's app has mounted (or, on a page no app
// mounts on, such as a 404, the page has loaded) and the browser is idle. Work the first view
// does not need (the service worker's precache, parcels below the fold) waits for it, so that
// it does not compete with the route's modules and data for the connections and the CPU.
const mounted = new Promise((resolve) => window.addEventListener("single-spa:first-mount", resolve, { once: true }));
const loaded = new Promise((resolve) => (document.readyState === "complete" ? resolve() : window.addEventListener("load", resolve, { once: true })));
const idle = () => new Promise((resolve) => (window.requestIdleCallback ? requestIdleCallback(resolve, { timeout: 2000 }) : setTimeout(resolve, 200)));

export const firstViewShown = Promise.race([mounted, loaded.then(() => new Promise((resolve) => setTimeout(resolve, 500)))]).then(idle);
