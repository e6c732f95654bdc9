// The outbox page (/outbox): every command of the signed-in user waiting to be sent and every
// one a BFF refused, with its age, target, attempts and last error, for shoppers and for people
// testing offline behaviour. Refused commands can be sent again or discarded. Changes other
// accounts left on this device are only counted (what they are is theirs), and may be
// discarded after a confirmation.
import { html, render, useEffect, useState } from "htm/preact";
import { outbox, signInUrl } from "@bazaar/platform";

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
  if (!summary.online) return "when you are back online";
  if (command.nextAttemptAt > Date.now()) return `in ${Math.ceil((command.nextAttemptAt - Date.now()) / 1000)} s`;
  return summary.syncing ? "now" : "next";
}

function reason(error) {
  if (!error) return "—";
  const fields = (error.errors || []).map((e) => `${e.field}: ${e.message}`).join("; ");
  const detail = fields && !error.message?.includes(fields) ? fields : null;
  return [error.status ? `${error.status}` : null, error.message, detail].filter(Boolean).join(" — ");
}

function Pending({ commands, summary }) {
  if (!commands.length) return html`<p class="empty" data-testid="outbox-empty">Nothing is waiting to be sent.</p>`;
  return html`<table data-testid="outbox-pending-list">
    <thead><tr><th>What</th><th>Made</th><th>Target</th><th>Attempts</th><th>Last error</th><th>Next try</th></tr></thead>
    <tbody>${commands.map((c) => html`<tr key=${c.id} data-testid="outbox-pending-row" data-command-id=${c.id}>
      <td>${c.label}</td><td>${age(c.createdAt)}</td><td class="mono">${target(c)}</td><td>${c.attempts}</td>
      <td>${reason(c.lastError)}</td><td>${nextTry(c, summary)}</td></tr>`)}
    </tbody></table>`;
}

function Dead({ commands }) {
  if (!commands.length) return html`<p class="empty">No command was refused.</p>`;
  return html`<table data-testid="outbox-dead-list">
    <thead><tr><th>What</th><th>Made</th><th>Target</th><th>Attempts</th><th>Why it was refused</th><th></th></tr></thead>
    <tbody>${commands.map((c) => html`<tr key=${c.id} data-testid="outbox-dead-row" data-command-id=${c.id}>
      <td>${c.label}</td><td>${age(c.createdAt)}</td><td class="mono">${target(c)}</td><td>${c.attempts}</td>
      <td class="reason" data-testid="outbox-dead-reason">${reason(c.error)}</td>
      <td><button type="button" class="button button--ghost" onClick=${() => outbox.retry(c.id)}>Retry</button>
        <button type="button" class="button button--ghost" onClick=${() => outbox.discard(c.id)}>Discard</button></td>
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
  const [lists, setLists] = useState({ pending: [], dead: [], others: 0 });
  const [, setTick] = useState(0);
  useEffect(() => {
    const stop = outbox.onChange((next) => {
      setSummary(next);
      outbox.list().then(setLists);
    });
    const timer = setInterval(() => setTick((n) => n + 1), TICK_MS);
    document.title = "Outbox — Bazaar";
    return () => { stop(); clearInterval(timer); };
  }, []);
  const status = summary.account ? "You are no longer signed in on this device as the person this page belongs to: nothing is sent from it."
    : !summary.online ? "You are offline: commands wait here and are sent when the network returns."
    : summary.paused ? "Your session has ended: sign in to send what waits."
    : summary.syncing ? "Sending…" : "Online: commands are sent as soon as you make them.";
  return html`<div class="platform-page">
    <h1>Outbox</h1>
    <p class="lede" data-testid="outbox-page-status">${status}
      ${summary.paused ? html` <a href=${signInUrl()}>Sign in</a>` : null}</p>
    <section aria-labelledby="outbox-pending-title">
      <h2 id="outbox-pending-title">Waiting to be sent (${lists.pending.length})
        <button type="button" class="button" data-testid="outbox-sync-now" disabled=${!summary.online}
          onClick=${() => outbox.flush({ now: true })}>Sync now</button></h2>
      <${Pending} commands=${lists.pending} summary=${summary} />
    </section>
    <section aria-labelledby="outbox-dead-title">
      <h2 id="outbox-dead-title">Refused by the shop (${lists.dead.length})</h2>
      <${Dead} commands=${lists.dead} />
    </section>
    <${Others} count=${summary.others} />
  </div>`;
}

export async function bootstrap() {}

export async function mount({ domElement }) {
  render(html`<${OutboxPage} />`, domElement);
}

export async function unmount({ domElement }) {
  render(null, domElement);
}
