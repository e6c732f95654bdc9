// The header says what waits in the outbox: pending (with "Sync now"), syncing, refused
// commands (a link to /outbox) and "Sign in to sync" when the session ended. It also starts the
// outbox, and sends what waits whenever live updates reconnect (the shop is reachable again).
import { live, outbox, signInUrl } from "@bazaar/platform";

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

export function showOutboxStatus() {
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
  live.onStatus((status) => (status === "live" || status === "polling") && outbox.flush());
  outbox.start();
}
