// Real-user monitoring: what this page does for the shopper, reported to /rum with sendBeacon
// (shell/rum/views.py), where it becomes Prometheus metrics and each release's figures, by
// which canaries are judged (shell/registry/judge.py):
// - the page's web vitals, from the web-vitals package (LCP, INP, CLS, FCP, TTFB), soft
//   navigations included where the browser reports them, by the app owning the page;
// - each micro-app's load and mount time, and its failures to load or mount (./app-slot.js);
// - errors its code throws later (in a click handler, a promise nobody caught), attributed to
//   the app whose module is topmost in the error's stack.
// Sent when the page is hidden or left, or FLUSH_MS after the first thing to send.
import { config } from "./page.js";
import { routeMatches } from "./routes.js";

const FLUSH_MS = 5000;
const LIMITS = { vitals: 20, apps: 50, errors: 20 }; // what one report may hold (the server's)
const queue = { vitals: [], apps: [], errors: [] };
let timer = null;

const versions = new Map(config.apps.map((app) => [app.name, app.version]));

// Each app's folder of modules, as the import map gives it ("<name>/"), absolute.
const folders = (() => {
  let imports = {};
  try {
    imports = JSON.parse(document.querySelector('script[type="importmap"]')?.textContent || "{}").imports || {};
  } catch {}
  return config.apps
    .filter((app) => imports[`${app.name}/`])
    .map((app) => [app.name, new URL(imports[`${app.name}/`], location.href).href]);
})();

function ownerOfStack(stack) {
  for (const line of String(stack || "").split("\n")) {
    for (const [name, folder] of folders) if (line.includes(folder)) return name;
  }
  return null;
}

const ownerOfPath = (pathname) => config.apps.find((app) => app.routes.some((route) => routeMatches(route, pathname)));

function push(kind, item) {
  if (queue[kind].length >= LIMITS[kind]) flush();
  queue[kind].push(item);
  timer ??= setTimeout(flush, FLUSH_MS);
}

function flush() {
  clearTimeout(timer);
  timer = null;
  if (!queue.vitals.length && !queue.apps.length && !queue.errors.length) return;
  const body = new Blob([JSON.stringify({ revision: config.revision, ...queue })], { type: "application/json" });
  for (const kind of Object.keys(queue)) queue[kind] = [];
  if (!navigator.sendBeacon?.("/rum", body)) fetch("/rum", { method: "POST", body, keepalive: true }).catch(() => {});
}

const message = (error) => String(error?.message || error || "").slice(0, 300);

// What an AppSlot of `name` (an app, or a parcel of it) tells.
export function rumFor(name) {
  const version = versions.get(name);
  if (!version) return null;
  return {
    timing: (phase, ms) => push("apps", { app: name, version, phase, ms: Math.round(Math.min(ms, 600000)) }),
    error: (phase, error) => push("errors", { app: name, version, phase, message: message(error) }),
  };
}

function reportRuntimeError(error, where) {
  const name = ownerOfStack(error?.stack) || ownerOfStack(where);
  if (name) rumFor(name)?.error("runtime", error);
}

const flushWhenHidden = () => document.visibilityState === "hidden" && flush();

// Send what is queued when the page is hidden or left. Added again once web-vitals has added
// its own listeners, so that the vitals it reports on leaving go in the same beacon.
function flushOnLeaving() {
  addEventListener("visibilitychange", flushWhenHidden);
  addEventListener("pagehide", flush);
}

export function startRum() {
  addEventListener("error", (event) => reportRuntimeError(event.error || event.message, event.filename));
  addEventListener("unhandledrejection", (event) => reportRuntimeError(event.reason));
  flushOnLeaving();
}

// The vitals, once the first view is shown (the observers read the buffered entries, so
// nothing is missed by starting late).
export async function reportWebVitals() {
  const { onCLS, onFCP, onINP, onLCP, onTTFB } = await import("web-vitals");
  const report = (metric) => {
    const page = metric.navigationURL ? new URL(metric.navigationURL, location.href).pathname : location.pathname;
    const owner = ownerOfPath(page);
    push("vitals", {
      name: metric.name,
      value: Math.min(Math.max(metric.value, 0), 600000),
      app: owner?.name ?? null,
      version: owner?.version ?? null,
      navigation: metric.navigationType === "soft-navigation" ? "soft" : "hard",
    });
  };
  for (const on of [onCLS, onFCP, onINP, onLCP, onTTFB]) on(report, { reportSoftNavs: true });
  removeEventListener("visibilitychange", flushWhenHidden);
  removeEventListener("pagehide", flush);
  flushOnLeaving();
  document.documentElement.dataset.rum = "vitals"; // measuring (as data-shell says ready)
}
