// The header says whether the page follows changes live.
import { live } from "@bazaar/platform";
import { user } from "./page.js";

const LIVE_LABELS = {
  connecting: "Connecting…",
  live: "Live",
  polling: user.signedIn ? "Live (polling)" : "Live", // signed out, polling is the normal way
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

export function showLiveStatus() {
  const indicator = document.querySelector("[data-live-status]");
  if (!indicator) return;
  live.onStatus((status) => {
    indicator.hidden = status === "idle";
    indicator.dataset.state = status;
    indicator.textContent = LIVE_LABELS[status] || status;
    indicator.title = status === "polling" && user.signedIn ? "Live updates by long polling: the websocket could not be opened" : "";
  });
}
