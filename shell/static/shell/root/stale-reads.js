// Data answered from the read-through cache is marked as possibly stale: a notice says since
// when, and what a page showed stale is forgotten when the user moves to another page.
import { forgetStaleReads, onNavigate, onStaleReads } from "@bazaar/platform";

export function showStaleReads() {
  const notice = document.querySelector("[data-stale-notice]");
  if (!notice) return;
  const render = ({ count, oldest }) => {
    notice.hidden = count === 0;
    if (!count) return;
    const time = new Date(oldest).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    notice.textContent = navigator.onLine
      ? `Part of the shop could not be reached — showing saved results from ${time}.`
      : `Offline — showing saved results from ${time}.`;
  };
  let last = { count: 0, oldest: null };
  onStaleReads((state) => render((last = state)));
  window.addEventListener("online", () => render(last));
  window.addEventListener("offline", () => render(last));
  let path = window.location.pathname;
  onNavigate((location) => {
    if (location.pathname !== path) forgetStaleReads();
    path = location.pathname;
  });
}
