// The outbox page (/outbox), "Changes waiting to be sent": every change of the signed-in user
// not yet sent and every one the shop turned down, in plain words for shoppers; the developer
// view (root/developer-view.js) shows the requests, attempts and errors for people testing
// offline behaviour. Turned-down changes can be sent again or discarded. Changes other
// accounts left on this device are only counted (what they are is theirs), and may be
// discarded after a confirmation.
import { html, render, useEffect, useState } from "htm/preact";
import { outbox, signInUrl } from "@bazaar/platform";
import { developerView, onDeveloperView } from "./root/developer-view.js";
import { config } from "./root/page.js";

const TICK_MS = 5000; // ages move on by themselves

function age(ms) {
  const seconds = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

function target(command) {
  const url = new URL(command.url);
  return `${command.method} ${url.origin === window.location.origin ? url.pathname : url.href}`;
}

function nextTry(command, summary) {
  if (summary.account) return "when you sign in again on this device";
  if (summary.paused) return "after you sign in";
  if (!summary.online) return "when you're back online";
  if (command.nextAttemptAt > Date.now()) return `in ${Math.ceil((command.nextAttemptAt - Date.now()) / 1000)} s`;
  return summary.syncing ? "now" : "next";
}

// Why the shop refused a change, in its own words (the fields it names); the developer view
// adds the HTTP status.
function reason(error, developer) {
  if (!error) return "—";
  const fields = (error.errors || []).map((e) => `${e.field}: ${e.message}`).join("; ");
  const detail = fields && !error.message?.includes(fields) ? fields : null;
  return [developer && error.status ? `${error.status}` : null, error.message, detail].filter(Boolean).join(" — ");
}

// A command's trace (bazaar/tracing.py): a link where the page names a trace viewer
// (BAZAAR_TRACE_URL), else the command that prints it; "not kept" for one sampled out.
function Trace({ command }) {
  const trace = command.trace;
  if (!trace) return html`<span>—</span>`;
  if (!trace.sampled) return html`<span title=${trace.traceId}>not kept</span>`;
  const url = config.traceUrl ? config.traceUrl.replace("{traceId}", trace.traceId) : null;
  return url
    ? html`<a class="mono" href=${url} target="_blank" rel="noopener" data-testid="outbox-trace">${trace.traceId}</a>`
    : html`<code class="mono" data-testid="outbox-trace" title="manage.py trace ${trace.traceId}">${trace.traceId}</code>`;
}

// What this tab sent lately, with each command's trace (developer view only).
function Sent({ commands }) {
  if (!commands.length) return html`<p class="empty">Nothing sent from this tab yet.</p>`;
  return html`<table data-testid="outbox-sent-list">
    <thead><tr><th>What</th><th>Made</th><th>Sent</th><th>Request</th><th>Trace</th></tr></thead>
    <tbody>${commands.map((c) => html`<tr key=${c.id} data-testid="outbox-sent-row" data-command-id=${c.id}>
      <td data-testid="outbox-label">${c.label}</td><td>${age(c.createdAt)}</td><td>${age(c.sentAt)}</td>
      <td class="mono">${target(c)}</td><td><${Trace} command=${c} /></td></tr>`)}
    </tbody></table>`;
}

// Shoppers see each change and when it will be sent; the developer view, the requests too.
function Pending({ commands, summary, developer }) {
  if (!commands.length) return html`<p class="empty" data-testid="outbox-empty">Nothing is waiting to be sent.</p>`;
  if (!developer) {
    return html`<ul class="outbox-list" data-testid="outbox-pending-list">${commands.map((c) => html`
      <li key=${c.id} data-testid="outbox-pending-row" data-command-id=${c.id}>
        <strong data-testid="outbox-label">${c.label}</strong>
        <span>Made ${age(c.createdAt)} · sent ${nextTry(c, summary)}</span></li>`)}</ul>`;
  }
  return html`<table data-testid="outbox-pending-list">
    <thead><tr><th>What</th><th>Made</th><th>Request</th><th>Attempts</th><th>Last error</th><th>Next try</th><th>Trace</th></tr></thead>
    <tbody>${commands.map((c) => html`<tr key=${c.id} data-testid="outbox-pending-row" data-command-id=${c.id}>
      <td data-testid="outbox-label">${c.label}</td><td>${age(c.createdAt)}</td><td class="mono">${target(c)}</td><td>${c.attempts}</td>
      <td>${reason(c.lastError, true)}</td><td>${nextTry(c, summary)}</td><td><${Trace} command=${c} /></td></tr>`)}
    </tbody></table>`;
}

function Dead({ commands, developer }) {
  if (!commands.length) return html`<p class="empty">Nothing was turned down.</p>`;
  const actions = (c) => html`<span class="outbox-actions">
    <button type="button" class="button button--ghost" onClick=${() => outbox.retry(c.id)}>Try again</button>
    <button type="button" class="button button--ghost" onClick=${() => outbox.discard(c.id)}>Discard</button></span>`;
  if (!developer) {
    return html`<ul class="outbox-list" data-testid="outbox-dead-list">${commands.map((c) => html`
      <li key=${c.id} data-testid="outbox-dead-row" data-command-id=${c.id}>
        <strong data-testid="outbox-label">${c.label}</strong>
        <span class="reason" data-testid="outbox-dead-reason">${reason(c.error, false)}</span>
        ${actions(c)}</li>`)}</ul>`;
  }
  return html`<table data-testid="outbox-dead-list">
    <thead><tr><th>What</th><th>Made</th><th>Request</th><th>Attempts</th><th>Why it was refused</th><th>Trace</th><th></th></tr></thead>
    <tbody>${commands.map((c) => html`<tr key=${c.id} data-testid="outbox-dead-row" data-command-id=${c.id}>
      <td data-testid="outbox-label">${c.label}</td><td>${age(c.createdAt)}</td><td class="mono">${target(c)}</td><td>${c.attempts}</td>
      <td class="reason" data-testid="outbox-dead-reason">${reason(c.error, true)}</td><td><${Trace} command=${c} /></td><td>${actions(c)}</td>
    </tr>`)}</tbody></table>`;
}

const changes = (n) => `${n} ${n === 1 ? "change" : "changes"}`;

// Another account's changes: how many, never what; sent when that account signs in again.
function Others({ count }) {
  const [asking, setAsking] = useState(false);
  if (!count) return null;
  return html`<section class="others" data-testid="outbox-others-notice" aria-labelledby="outbox-others-title">
    <h2 id="outbox-others-title">${changes(count)} saved by another account on this device</h2>
    <p>They will be sent when that account signs in here again. You cannot see or send them.</p>
    ${asking
      ? html`<p role="alert">Discard ${changes(count)} someone else made? They will never reach the shop.
          <button type="button" class="button" data-testid="outbox-others-confirm"
            onClick=${() => outbox.discardOthers().then(() => setAsking(false))}>Discard them</button>
          <button type="button" class="button button--ghost" onClick=${() => setAsking(false)}>Keep them</button></p>`
      : html`<button type="button" class="button button--ghost" data-testid="outbox-others-discard"
          onClick=${() => setAsking(true)}>Discard</button>`}
  </section>`;
}

function OutboxPage() {
  const [summary, setSummary] = useState(outbox.summary());
  const [lists, setLists] = useState({ pending: [], dead: [], others: 0, sent: [] });
  const [developer, setDeveloper] = useState(developerView());
  const [, setTick] = useState(0);
  useEffect(() => {
    const stop = outbox.onChange((next) => {
      setSummary(next);
      outbox.list().then(setLists);
    });
    const stopView = onDeveloperView(setDeveloper);
    const timer = setInterval(() => setTick((n) => n + 1), TICK_MS);
    document.title = "Changes waiting to be sent — Bazaar";
    return () => { stop(); stopView(); clearInterval(timer); };
  }, []);
  const status = summary.account ? "You are no longer signed in on this device as the person these changes belong to: nothing is sent from here."
    : !summary.online ? "You're offline: your changes wait here and are sent when you're back online."
    : summary.paused ? "Your session has ended: sign in to send your changes."
    : summary.syncing ? "Sending…" : "You're online: changes are sent as soon as you make them.";
  return html`<div class="platform-page">
    <h1>Changes waiting to be sent</h1>
    <p class="lede" data-testid="outbox-page-status">${status}
      ${summary.paused ? html` <a href=${signInUrl()}>Sign in</a>` : null}</p>
    <section aria-labelledby="outbox-pending-title">
      <h2 id="outbox-pending-title">Waiting (${lists.pending.length})
        <button type="button" class="button button--nowrap" data-testid="outbox-sync-now" disabled=${!summary.online}
          onClick=${() => outbox.flush({ now: true })}>Send now</button></h2>
      <${Pending} commands=${lists.pending} summary=${summary} developer=${developer} />
    </section>
    <section aria-labelledby="outbox-dead-title">
      <h2 id="outbox-dead-title">Turned down by the shop (${lists.dead.length})</h2>
      <${Dead} commands=${lists.dead} developer=${developer} />
    </section>
    <${Others} count=${summary.others} />
    ${developer && html`<section aria-labelledby="outbox-sent-title" data-developer-only>
      <h2 id="outbox-sent-title">Sent from this tab (${lists.sent.length})</h2>
      <${Sent} commands=${lists.sent} />
    </section>`}
  </div>`;
}

export async function bootstrap() {}

export async function mount({ domElement }) {
  render(html`<${OutboxPage} />`, domElement);
}

export async function unmount({ domElement }) {
  render(null, domElement);
}
