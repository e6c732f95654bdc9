// The dev overrides page (/overrides): which module URLs this browser overrides, and a form to
// point one specifier at another URL (a local dev server) or clear it. It keeps the cookies
// of import-map-overrides (single-spa's devtool) in its server mode, one per module,
// `import-map-override:<specifier>=<url or port>`, so that tool's UI and this page agree; the
// shell applies them when it renders the next page, if the server allows dev overrides.
import { html, render, useEffect, useState } from "htm/preact";
import { clearOverrideCookie, overrideCookies as readOverrides, setOverrideCookie } from "./root/override-cookies.js";

const config = JSON.parse(document.getElementById("bazaar-config").textContent);

// Through import-map-overrides where it runs (so its UI shows the same), and as the cookie the
// shell reads.
function setOverride(specifier, value) {
  window.importMapOverrides?.addOverride(specifier, value);
  setOverrideCookie(specifier, value);
}

function clearOverride(specifier) {
  window.importMapOverrides?.removeOverride(specifier);
  clearOverrideCookie(specifier);
}

// What the shell makes of a value (as import-map-overrides' server mode does).
function resolved(specifier, value) {
  if (/^\d{1,5}$/.test(value)) return `${location.protocol}//localhost:${value}/${specifier.replace(/@/g, "").replace(/\//g, "-")}`;
  return value.startsWith("//") ? `${location.protocol}${value}` : value;
}

function valid(value) {
  if (/^\d{1,5}$/.test(value)) return true;
  try {
    const url = new URL(value.startsWith("//") ? `${location.protocol}${value}` : value);
    // What the shell accepts (shell/page/overrides.py): no credentials, query or fragment.
    return (url.protocol === "http:" || url.protocol === "https:") && !url.search && !url.hash &&
      !url.username && !url.password && !value.includes("?") && !value.includes("#");
  } catch {
    return false;
  }
}

// The import map this page was rendered with: the overrides the shell applied are in it.
function pageImports() {
  try {
    return JSON.parse(document.querySelector('script[type="importmap"]')?.textContent || "{}").imports || {};
  } catch {
    return {};
  }
}

// What became of one cookie: applied to this page, waiting for a reload, or ignored (and why).
function stateOf(specifier, value, applied) {
  if (!config.devOverrides) return { state: "ignored", text: "Ignored: dev overrides are off here" };
  if (!valid(value)) return { state: "ignored", text: "Ignored: not an http(s) URL, //host/path or port" };
  if (applied[specifier] === resolved(specifier, value)) return { state: "applied", text: "Applied to this page" };
  return { state: "pending", text: "Reload to apply" };
}

function OverridesPage() {
  const [overrides, setOverrides] = useState(readOverrides());
  const [error, setError] = useState("");
  // The registry's import map, as deployed (the page's own has the overrides applied).
  const [deployed, setDeployed] = useState({});
  useEffect(() => {
    fetch("/importmap.json").then((r) => r.json()).then((map) => setDeployed(map.imports)).catch(() => {});
  }, []);
  const specifiers = Object.keys(deployed).filter((s) => !s.endsWith("/")).sort();
  const applied = pageImports();
  const refresh = () => setOverrides(readOverrides());
  document.title = "Dev overrides — Bazaar";

  function submit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const specifier = String(form.get("specifier") || "").trim();
    const value = String(form.get("url") || "").trim();
    if (!specifier) return setError("Choose the module to override.");
    if (!valid(value)) return setError("Give an http(s) URL, a //host/path or a port number.");
    setError("");
    setOverride(specifier, value);
    event.target.reset();
    refresh();
  }

  const entries = Object.entries(overrides);
  return html`<div class="platform-page">
    <h1>Dev overrides</h1>
    <p class="lede" data-testid="overrides-status">${config.devOverrides
      ? "Point a module at another URL (your local dev server) for this browser only. Reload to apply."
      : "Dev overrides are off on this server (BAZAAR_DEV_OVERRIDES): the cookies below are ignored."}</p>
    <section aria-labelledby="overrides-list-title">
      <h2 id="overrides-list-title">In this browser (${entries.length})
        ${entries.length ? html`<button type="button" class="button" onClick=${() => location.reload()}>Reload to apply</button>` : null}</h2>
      ${entries.length ? html`<table data-testid="overrides-list">
        <thead><tr><th>Module</th><th>Loaded from</th><th>Instead of</th><th>State</th><th></th></tr></thead>
        <tbody>${entries.map(([specifier, value]) => html`<tr key=${specifier} data-testid="override-row"
          data-state=${stateOf(specifier, value, applied).state}>
          <td class="mono">${specifier}</td><td class="mono">${valid(value) ? resolved(specifier, value) : value}</td>
          <td class="mono">${deployed[specifier] || "(not in the import map)"}</td>
          <td data-testid="override-state">${stateOf(specifier, value, applied).text}</td>
          <td><button type="button" class="button button--ghost" onClick=${() => { clearOverride(specifier); refresh(); }}>Clear</button></td>
        </tr>`)}</tbody></table>` : html`<p class="empty">No module is overridden.</p>`}
    </section>
    <section aria-labelledby="overrides-add-title">
      <h2 id="overrides-add-title">Override a module</h2>
      <form class="overrides-form" onSubmit=${submit}>
        <label>Module <select name="specifier" data-testid="override-specifier">
          <option value="">Choose…</option>
          ${specifiers.map((s) => html`<option value=${s}>${s}</option>`)}
        </select></label>
        <label>URL or port <input name="url" data-testid="override-url" placeholder="http://localhost:5173/main.js" size="40" /></label>
        <button type="submit" class="button" data-testid="override-save">Save</button>
      </form>
      ${error ? html`<p class="reason" role="alert">${error}</p>` : null}
    </section>
  </div>`;
}

export async function bootstrap() {}

export async function mount({ domElement }) {
  render(html`<${OverridesPage} />`, domElement);
}

export async function unmount({ domElement }) {
  render(null, domElement);
}
