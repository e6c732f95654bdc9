// Failure containment: one AppSlot per micro-app (or parcel). It owns the host element the app
// renders in, shows a loading state, and turns any failure — a module that will not load, a
// lifecycle that throws, or one that never settles — into an error panel with a Retry button,
// so one broken app never blanks the page.
//
// single-spa drives it: `load` is the app's (or parcel's) loading function, and the lifecycles
// it resolves with wrap the module's own. A failure is shown *and* handed back to single-spa,
// so its statuses are true (LOAD_ERROR for a module that did not load, SKIP_BECAUSE_BROKEN for
// one whose lifecycle failed) and single-spa-inspector or getAppStatus() see what the shopper
// sees. Retry is the owner's (`onRetry`): it asks single-spa to load the app again.
//
// Isolation: by default the app renders inside the host's shadow root. An app that declares
// "isolation": "none" renders in the light DOM (a child of the host, slotted), where
// document.querySelector finds its container (single-spa-vue, single-spa-angular-style
// helpers); its stylesheets are scoped by ./light-styles.js. The status panel stays in the
// shadow root either way, so an app's CSS never restyles it.

import { developerView } from "./developer-view.js";

const STATUS_CSS = `
  :host { display: block; }
  :host([hidden]) { display: none; }
  .bz-status { font: 15px/1.5 var(--bz-font, system-ui, sans-serif); color: var(--bz-ink, #1f2937); }
  .bz-loading { display: flex; align-items: center; gap: .75rem; padding: 2rem 0; color: var(--bz-muted, #6b7280); }
  .bz-spinner { width: 18px; height: 18px; border-radius: 50%; border: 3px solid var(--bz-line, #e5e7eb);
    border-top-color: var(--bz-accent, #0f766e); animation: bz-spin .8s linear infinite; }
  @keyframes bz-spin { to { transform: rotate(360deg); } }
  .bz-error { border: 1px solid #fecaca; background: #fef2f2; color: #7f1d1d; border-radius: 12px;
    padding: 1rem 1.25rem; margin: 1rem 0; }
  .bz-error h2 { font-size: 1rem; margin: 0 0 .25rem; }
  .bz-error p { margin: 0 0 .75rem; font-size: .9rem; }
  .bz-error code { font-size: .8rem; word-break: break-word; }
  .bz-error details { margin: 0 0 .75rem; font-size: .85rem; }
  .bz-error summary { cursor: pointer; }
  .bz-error button { font: inherit; font-weight: 600; border: 0; border-radius: 8px; padding: .45rem 1rem;
    background: #b91c1c; color: white; cursor: pointer; }
  .bz-error button.bz-secondary { background: transparent; color: #b91c1c; box-shadow: inset 0 0 0 1px #b91c1c; }
  .bz-gate { text-align: center; padding: 3rem 1rem; background: var(--bz-surface, #fff);
    border: 1px solid var(--bz-line, #e5e7eb); border-radius: var(--bz-radius, 14px); margin: 1rem 0; }
  .bz-gate h2 { margin: 0 0 .35rem; font-size: 1.4rem; }
  .bz-gate p { color: var(--bz-muted, #6b7280); margin: 0 0 1.25rem; }
  .bz-button { display: inline-block; background: var(--bz-accent, #0f766e); color: var(--bz-accent-ink, #fff);
    padding: .55rem 1.2rem; border-radius: 999px; text-decoration: none; font-weight: 600; }
  .bz-compact .bz-loading { padding: 0; }
  .bz-compact .bz-error { margin: 0; padding: .35rem .6rem; font-size: .8rem; }
  .bz-compact .bz-error h2 { font-size: .8rem; }
`;
const statusSheet = new CSSStyleSheet();
statusSheet.replaceSync(STATUS_CSS);

const LIFECYCLES = ["bootstrap", "mount", "unmount", "update"];

const withTimeout = (promise, ms, what) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });

export class AppSlot {
  #name; #label; #load; #timeoutMs; #host; #status; #container; #gate; #onRetry; #light; #title; #rum;
  #mounted = false; #loads = 0; #retrying = false;

  // load() imports the module. A retry imports it again under the same URL, so the import
  // map's integrity still applies: browsers following whatwg/html#10327 (Chromium does) fetch a
  // module whose fetch failed again. One that keeps failed fetches for the page's life cannot
  // recover that way, so once a retry has failed the panel also offers to reload the page.
  // gate: null, or {title, text, action?} shown instead of loading the app at all.
  // isolation: "shadow" (default) or "none" (light DOM). title: the page's title while it is
  // mounted, until the app sets a better one (apps that own a route; not parcels).
  // rum: null, or {timing(phase, ms), error(phase, error)} told of each load and mount, and of
  // each failure (./rum.js).
  constructor({ name, label, host, load, timeoutMs, compact = false, gate = null, isolation = "shadow", onRetry, title = null, rum = null }) {
    this.#title = title;
    this.#rum = rum;
    this.#gate = gate;
    this.#name = name;
    this.#label = label || name;
    this.#load = load;
    this.#timeoutMs = timeoutMs;
    this.#host = host;
    this.#onRetry = onRetry;
    this.#light = isolation === "none";
    host.dataset.app = name;
    host.dataset.isolation = this.#light ? "none" : "shadow";
    const shadow = host.shadowRoot || host.attachShadow({ mode: "open" });
    shadow.adoptedStyleSheets = [statusSheet];
    this.#status = document.createElement("div");
    this.#status.className = compact ? "bz-status bz-compact" : "bz-status";
    this.#status.setAttribute("part", "status");
    this.#container = this.#newContainer();
    if (this.#light) {
      shadow.replaceChildren(this.#status, document.createElement("slot"));
      host.replaceChildren(this.#container);
    } else {
      shadow.replaceChildren(this.#status, this.#container);
    }
  }

  get host() { return this.#host; }

  // single-spa's loading function: resolves with the lifecycles single-spa runs, or rejects
  // (LOAD_ERROR) with the panel shown.
  async load() {
    if (this.#gate) {
      return { bootstrap: async () => {}, mount: async () => this.#showGate(), unmount: async () => this.#hide() };
    }
    this.#showLoading();
    this.#loads++;
    let module;
    const started = performance.now();
    try {
      module = await withTimeout(this.#load(), this.#timeoutMs, "loading the module");
    } catch (error) {
      this.#fail(error, "load");
      throw error;
    }
    this.#rum?.timing("load", performance.now() - started);
    let lifecycles;
    try {
      lifecycles = lifecyclesOf(module);
    } catch (error) {
      // A module without valid lifecycles is broken, not missing: its bootstrap fails, so
      // single-spa marks it SKIP_BECAUSE_BROKEN as it does for one registered directly.
      return { bootstrap: async () => { this.#fail(error, "mount"); throw error; }, mount: async () => {}, unmount: async () => {} };
    }
    const limits = timeoutsOf(module, this.#timeoutMs);
    return {
      bootstrap: (props) => this.#bootstrap(lifecycles, props, limits),
      mount: (props) => this.#mount(lifecycles, props, limits),
      unmount: (props) => this.#unmount(lifecycles, props, limits),
      update: (props) => this.#update(lifecycles, props, limits),
      // Ours give up first (with a message naming the lifecycle); single-spa's then stay quiet.
      timeouts: Object.fromEntries(
        LIFECYCLES.map((name) => [name, { millis: limits[name] + 1000, warningMillis: limits[name] + 1000, dieOnTimeout: false }]),
      ),
    };
  }

  // After single-spa has settled a route: a slot whose app is not mounted shows only while its
  // route is active (the panel of a broken app stays until Retry or until the shopper leaves).
  follow(active) {
    if (this.#mounted) return;
    if (!active) this.#host.hidden = true;
    else if (this.#host.dataset.state === "error") this.#host.hidden = false;
  }

  // Retry asks the owner to have single-spa load the app again; focus then moves to the new
  // Retry button if it failed again, else to the app's content, so keyboard and screen-reader
  // users stay put.
  async retry() {
    this.#retrying = true;
    this.#showLoading();
    try {
      await this.#onRetry();
    } catch (error) {
      this.#fail(error, null); // the load or mount that failed has reported itself
    }
  }

  async #bootstrap(lifecycles, props, limits) {
    if (!lifecycles.bootstrap) return;
    try {
      await withTimeout(Promise.resolve().then(() => lifecycles.bootstrap(this.#appProps(props))), limits.bootstrap, "bootstrap");
    } catch (error) {
      this.#fail(error, "mount");
      throw error;
    }
  }

  async #mount(lifecycles, props, limits) {
    if (this.#title) document.title = this.#title;
    this.#showLoading();
    this.#freshContainer();
    if (this.#light && this.#host.getRootNode() !== document) {
      // Inside another app's shadow root `document` cannot find it: say so, not render nothing.
      const error = new Error("it renders in the light DOM (isolation: none), and this slot is inside another app's shadow root");
      this.#fail(error, "mount");
      throw error;
    }
    const appProps = this.#appProps(props);
    const started = performance.now();
    const mounting = Promise.resolve().then(() => lifecycles.mount(appProps));
    try {
      await withTimeout(mounting, limits.mount, "mount");
    } catch (error) {
      // A mount that finishes after we gave up must not leave an app running unseen.
      mounting.then(() => lifecycles.unmount(appProps)).catch(() => {});
      this.#fail(error, "mount");
      throw error;
    }
    this.#rum?.timing("mount", performance.now() - started);
    this.#mounted = true;
    this.#host.dataset.state = "mounted";
    this.#status.replaceChildren();
    this.#settled();
  }

  // single-spa also calls unmount after a failed mount (to clean up): the panel then stays.
  async #unmount(lifecycles, props, limits) {
    if (!this.#mounted) return;
    this.#mounted = false;
    try {
      await withTimeout(Promise.resolve().then(() => lifecycles.unmount(this.#appProps(props))), limits.unmount, "unmount");
    } catch (error) {
      console.error(`[bazaar] ${this.#name} failed to unmount`, error);
      throw error;
    } finally {
      this.#container.replaceChildren();
      this.#hide();
    }
  }

  async #update(lifecycles, props, limits) {
    if (this.#mounted && lifecycles.update) {
      await withTimeout(Promise.resolve().then(() => lifecycles.update(this.#appProps(props))), limits.update, "update");
    }
  }

  #hide() {
    this.#status.replaceChildren();
    this.#host.hidden = true;
    this.#host.dataset.state = "unmounted";
  }

  // Each attempt renders into its own element, so a late clean-up of an earlier attempt can
  // never touch what a later one rendered.
  #freshContainer() {
    const container = this.#newContainer();
    this.#container.replaceWith(container);
    this.#container = container;
  }

  #newContainer() {
    const container = document.createElement("div");
    container.className = "bz-app-root";
    if (this.#light) {
      container.dataset.bzScope = this.#name;
      container.id = `single-spa-application:${this.#name}`;
    }
    return container;
  }

  #appProps(props) {
    return { ...props, name: this.#name, domElement: this.#container };
  }

  #showLoading() {
    this.#host.hidden = false;
    this.#host.dataset.state = "loading";
    this.#status.innerHTML = `<div class="bz-loading" role="status"><span class="bz-spinner"></span><span></span></div>`;
    this.#status.querySelector("span:last-child").textContent = `Loading ${this.#label}…`;
  }

  #showGate() {
    this.#host.hidden = false;
    this.#host.dataset.state = "gated";
    const panel = document.createElement("div");
    panel.className = "bz-gate";
    panel.innerHTML = `<h2></h2><p></p>`;
    panel.querySelector("h2").textContent = this.#gate.title;
    panel.querySelector("p").textContent = this.#gate.text;
    if (this.#gate.action) {
      const link = document.createElement("a");
      link.className = "bz-button";
      link.textContent = this.#gate.action.label;
      link.href = this.#gate.action.href();
      panel.append(link);
    }
    this.#status.replaceChildren(panel);
  }

  // phase: what failed, as real-user monitoring counts it (load, mount, runtime; null: not
  // counted); a failure while offline is the network's, not the app's.
  #fail(error, phase = "runtime") {
    console.error(`[bazaar] ${this.#name} failed`, error);
    if (phase && navigator.onLine) this.#rum?.error(phase, error);
    this.#mounted = false;
    this.#host.hidden = false;
    this.#host.dataset.state = "error";
    this.#container.replaceChildren();
    const panel = document.createElement("div");
    panel.className = "bz-error";
    panel.setAttribute("role", "alert");
    panel.innerHTML = `<h2></h2><p></p><details><summary>Technical details</summary><code></code></details><button type="button">Retry</button>`;
    panel.querySelector("h2").textContent = `${this.#label} is unavailable`;
    panel.querySelector("p").textContent = navigator.onLine
      ? "This part of the page could not be shown."
      : "You're offline: it will show when you're back online.";
    // The error itself is for developers: open in the developer view, one click away otherwise.
    panel.querySelector("details").open = developerView();
    panel.querySelector("code").textContent = String(error?.message || error);
    panel.querySelector("button").addEventListener("click", () => this.retry());
    if (this.#loads > 1) {
      const reload = document.createElement("button");
      reload.type = "button";
      reload.className = "bz-secondary";
      reload.textContent = "Reload page";
      reload.addEventListener("click", () => location.reload());
      panel.append(" ", reload);
    }
    this.#status.replaceChildren(panel);
    this.#settled();
  }

  #settled() {
    if (!this.#retrying) return;
    this.#retrying = false;
    const again = this.#status.querySelector(".bz-error button");
    if (again) again.focus();
    else {
      if (!this.#host.hasAttribute("tabindex")) this.#host.setAttribute("tabindex", "-1");
      this.#host.focus();
    }
  }
}

// single-spa's lifecycles as the module exports them: each a function or an array of
// functions, run one after another (as single-spa-css and other helpers are combined; an
// empty array does nothing, as in single-spa); bootstrap and update may be left out, mount and
// unmount may not.
function lifecyclesOf(module) {
  const lifecycles = {};
  for (const name of LIFECYCLES) {
    const value = module?.[name];
    if (value === undefined && (name === "bootstrap" || name === "update")) continue;
    const steps = Array.isArray(value) ? value : [value];
    if (steps.some((step) => typeof step !== "function")) {
      throw new Error(`the module does not export async ${name}() (a function, or an array of them)`);
    }
    lifecycles[name] = steps.length === 1
      ? steps[0]
      : (props) => steps.reduce((done, step) => done.then(() => step(props)), Promise.resolve());
  }
  return lifecycles;
}

// How long each lifecycle may take: the module's own single-spa `timeouts` export
// ({mount: {millis: 5000}, …}), else the shell's limit. Bazaar always gives up at that limit
// (and shows the panel): a lifecycle that never settles must not hold a page.
function timeoutsOf(module, fallback) {
  const declared = module?.timeouts || {};
  return Object.fromEntries(LIFECYCLES.map((name) => {
    const millis = declared[name]?.millis;
    return [name, Number.isFinite(millis) && millis > 0 ? millis : fallback];
  }));
}
