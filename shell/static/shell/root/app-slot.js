// Failure containment: one AppSlot per micro-app (or parcel). It owns a host element with a
// shadow root, shows a loading state, loads and mounts the app, and turns any failure —
// a module that will not load, a lifecycle that throws, or one that never settles — into an
// error panel with a Retry button, so one broken app never blanks the page.

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

const withTimeout = (promise, ms, what) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });

export class AppSlot {
  #name; #label; #load; #timeoutMs; #host; #status; #container;
  #gate;
  #lifecycles = null; #props = null; #mounted = false; #generation = 0; #loads = 0;

  // load() imports the module. A retry imports it again under the same URL, so the import
  // map's integrity still applies: browsers following whatwg/html#10327 (Chromium does) fetch a
  // module whose fetch failed again. One that keeps failed fetches for the page's life cannot
  // recover that way, so once a retry has failed the panel also offers to reload the page.
  // gate: null, or {title, text, action?} shown instead of loading the app at all.
  constructor({ name, label, host, load, timeoutMs, compact = false, gate = null }) {
    this.#gate = gate;
    this.#name = name;
    this.#label = label || name;
    this.#load = load;
    this.#timeoutMs = timeoutMs;
    this.#host = host;
    host.dataset.app = name;
    const shadow = host.shadowRoot || host.attachShadow({ mode: "open" });
    shadow.adoptedStyleSheets = [statusSheet];
    this.#status = document.createElement("div");
    this.#status.className = compact ? "bz-status bz-compact" : "bz-status";
    this.#status.setAttribute("part", "status");
    this.#container = document.createElement("div");
    this.#container.className = "bz-app-root";
    shadow.replaceChildren(this.#status, this.#container);
  }

  get host() { return this.#host; }

  async mount(props) {
    this.#props = props;
    this.#host.hidden = false;
    if (this.#gate) {
      this.#showGate();
      return;
    }
    this.#host.dataset.state = "loading";
    const generation = this.#generation;
    this.#freshContainer();
    this.#showLoading();
    try {
      if (!this.#lifecycles) {
        this.#loads++;
        const module = await withTimeout(this.#load(), this.#timeoutMs, "loading the module");
        this.#lifecycles = lifecyclesOf(module);
        if (this.#lifecycles.bootstrap) {
          await withTimeout(Promise.resolve(this.#lifecycles.bootstrap(this.#appProps())), this.#timeoutMs, "bootstrap");
        }
      }
      const lifecycles = this.#lifecycles;
      const props = this.#appProps();
      const mounting = Promise.resolve().then(() => lifecycles.mount(props));
      try {
        await withTimeout(mounting, this.#timeoutMs, "mount");
      } catch (error) {
        // A mount that finishes after we gave up must not leave an app running unseen.
        mounting.then(() => lifecycles.unmount(props)).catch(() => {});
        throw error;
      }
      if (generation !== this.#generation) {
        // Unmounted or retried while mounting: undo this instance (its container is gone).
        Promise.resolve().then(() => lifecycles.unmount(props)).catch(() => {});
        return;
      }
      this.#mounted = true;
      this.#host.dataset.state = "mounted";
      this.#status.replaceChildren();
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#fail(error);
    }
  }

  async unmount() {
    this.#generation++;
    if (this.#mounted) {
      this.#mounted = false;
      try {
        await withTimeout(Promise.resolve(this.#lifecycles.unmount(this.#appProps())), this.#timeoutMs, "unmount");
      } catch (error) {
        console.error(`[bazaar] ${this.#name} failed to unmount`, error);
      }
    }
    this.#container.replaceChildren();
    this.#status.replaceChildren();
    this.#host.hidden = true;
    this.#host.dataset.state = "unmounted";
  }

  async update(props) {
    this.#props = props;
    if (this.#mounted && this.#lifecycles.update) await this.#lifecycles.update(this.#appProps());
  }

  // Retry re-imports the module (bypassing the failed module record) and mounts again. The
  // Retry button goes away with the panel, so focus moves on: to the new Retry button if it
  // failed again, else to the app's content, so keyboard and screen-reader users stay put.
  async retry() {
    await this.unmount();
    this.#lifecycles = null;
    await this.mount(this.#props);
    const again = this.#status.querySelector(".bz-error button");
    if (again) again.focus();
    else {
      if (!this.#host.hasAttribute("tabindex")) this.#host.setAttribute("tabindex", "-1");
      this.#host.focus();
    }
  }

  // Each attempt renders into its own element, so a late clean-up of an earlier attempt can
  // never touch what a later one rendered.
  #freshContainer() {
    const container = document.createElement("div");
    container.className = "bz-app-root";
    this.#container.replaceWith(container);
    this.#container = container;
  }

  #appProps() {
    return { ...this.#props, name: this.#name, domElement: this.#container };
  }

  #showLoading() {
    this.#status.innerHTML = `<div class="bz-loading" role="status"><span class="bz-spinner"></span><span></span></div>`;
    this.#status.querySelector("span:last-child").textContent = `Loading ${this.#label}…`;
  }

  #showGate() {
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

  #fail(error) {
    console.error(`[bazaar] ${this.#name} failed`, error);
    this.#host.dataset.state = "error";
    this.#container.replaceChildren();
    const panel = document.createElement("div");
    panel.className = "bz-error";
    panel.setAttribute("role", "alert");
    panel.innerHTML = `<h2></h2><p>This part of the page could not be shown. <code></code></p><button type="button">Retry</button>`;
    panel.querySelector("h2").textContent = `${this.#label} is unavailable`;
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
  }
}

// single-spa's lifecycles as the module exports them: each a function or an array of
// functions, run one after another (as single-spa-css and other helpers are combined; an
// empty array does nothing, as in single-spa); bootstrap and update may be left out, mount and
// unmount may not.
function lifecyclesOf(module) {
  const lifecycles = {};
  for (const name of ["bootstrap", "mount", "unmount", "update"]) {
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
